package ist.aegis.notary.token;

import ist.aegis.common.identity.SpiffeId;
import ist.aegis.common.wire.Paths;
import ist.aegis.notary.identity.AttestationException;
import ist.aegis.notary.keys.SigningKey;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Mints JWT-SVIDs: ES256 JWTs with {@code kid}, {@code iss} Notary's issuer URL, {@code sub} the
 * workload's SPIFFE ID, {@code aud} {@value Paths#SAFE_AUDIENCE}, {@code iat} and {@code nbf} now,
 * {@code exp} one lifetime later but never after the service-account token it was issued for, and a
 * random 128-bit {@code jti}. Pure and thread-safe.
 */
public final class SvidMinter {

    /** The maximum lifetime of a JWT-SVID. */
    public static final Duration MAX_LIFETIME = Duration.ofHours(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String issuer;
    private final Duration lifetime;
    private final Clock clock;

    public SvidMinter(String issuer, Duration lifetime, Clock clock) {
        if (lifetime.isZero() || lifetime.isNegative() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("JWT-SVID lifetime " + lifetime + " is invalid: it must be positive and"
                    + " at most " + MAX_LIFETIME);
        }
        this.issuer = issuer;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** A signed JWT-SVID with the claims that logs and responses name. */
    public record Svid(String token, String jwtId, String keyId, Instant issuedAt, Instant expiresAt) {

        @Override
        public String toString() {
            // Never the token.
            return "Svid[jti=" + jwtId + ", kid=" + keyId + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** Signs a JWT-SVID for {@code subject} with {@code key}, valid for the configured lifetime. */
    public Svid mint(SpiffeId subject, SigningKey key) {
        return mint(subject, key, null);
    }

    /**
     * Signs a JWT-SVID for {@code subject} with {@code key}. An identity must not outlive the
     * credential it was derived from, so {@code exp} is capped at {@code notAfter}, the expiry of the
     * service-account token, when it is known.
     *
     * @throws AttestationException when {@code notAfter} is not after now, which can happen for a
     *         token accepted within the attestor's clock-skew leeway
     */
    public Svid mint(SpiffeId subject, SigningKey key, Instant notAfter) {
        // JWT times are whole seconds, so the answer's expiresAt matches the token's exp exactly.
        long issuedAt = clock.instant().getEpochSecond();
        long expiresAt = issuedAt + lifetime.toSeconds();
        if (notAfter != null) {
            expiresAt = Math.min(expiresAt, notAfter.getEpochSecond());
        }
        if (expiresAt <= issuedAt) {
            throw new AttestationException(AttestationException.Check.INVALID_TOKEN,
                    "service-account token has expired: request a fresh projected token");
        }
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        String jwtId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);

        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(subject.toString());
        claims.setAudience(Paths.SAFE_AUDIENCE);
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt));
        claims.setNotBefore(NumericDate.fromSeconds(issuedAt));
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAt));
        claims.setJwtId(jwtId);

        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setKeyIdHeaderValue(key.keyId());
        jws.setHeader("typ", "JWT");
        jws.setKey(key.privateKey());
        try {
            return new Svid(jws.getCompactSerialization(), jwtId, key.keyId(), Instant.ofEpochSecond(issuedAt),
                    Instant.ofEpochSecond(expiresAt));
        } catch (JoseException e) {
            throw new IllegalStateException("failed to sign JWT-SVID for " + subject + " with key " + key.keyId(), e);
        }
    }
}
