package ist.aegis.notary.api;

import ist.aegis.notary.identity.AttestationException;
import ist.aegis.notary.identity.AttestationException.Check;

import java.util.regex.Pattern;

/** Takes the token out of an {@code Authorization: Bearer <token>} header (RFC 6750). */
final class BearerToken {

    // Kubernetes tokens are about 1 KiB; anything far longer is not one.
    static final int MAX_LENGTH = 16 * 1024;

    private static final String SCHEME = "bearer ";
    // The b64token syntax of RFC 6750, section 2.1.
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

    private BearerToken() {
    }

    /**
     * Returns the token in the header.
     *
     * @throws AttestationException when the header is missing, is not a bearer token, or the token is
     *         malformed or too long
     */
    static String parse(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new AttestationException(Check.MISSING_TOKEN, "bearer token is missing: send the projected"
                    + " service-account token in the header 'Authorization: Bearer <token>'");
        }
        if (authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new AttestationException(Check.MISSING_TOKEN, "bearer token is missing: the Authorization header"
                    + " must use the Bearer scheme");
        }
        String token = authorization.substring(SCHEME.length()).strip();
        if (token.length() > MAX_LENGTH) {
            throw new AttestationException(Check.INVALID_TOKEN, "bearer token is invalid: it is longer than "
                    + MAX_LENGTH + " characters");
        }
        if (!TOKEN.matcher(token).matches()) {
            throw new AttestationException(Check.INVALID_TOKEN, "bearer token is invalid: it contains characters"
                    + " that no token contains");
        }
        return token;
    }
}
