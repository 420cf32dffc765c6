package ist.aegis.notary.attest;

import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * Reads the {@code exp} claim of a JWT without verifying it. Only for a token that the API server has
 * just authenticated, to know how long its review may be cached.
 */
final class JwtExpiry {

    private JwtExpiry() {
    }

    /** Returns the token's expiry, or {@code null} when it is not a JWT with a numeric {@code exp}. */
    static Instant read(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            Map<String, Object> claims = JsonUtil.parseJson(payload);
            return claims.get("exp") instanceof Number exp ? Instant.ofEpochSecond(exp.longValue()) : null;
        } catch (IllegalArgumentException | JoseException e) {
            return null;
        }
    }
}
