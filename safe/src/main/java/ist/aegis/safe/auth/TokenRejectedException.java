package ist.aegis.safe.auth;

/**
 * Rejects a workload's bearer token: 401 when the token is missing or invalid, 403 when it is valid
 * but names an identity that may not read workload secrets. The message names the failed check and
 * never contains the token or any part of it.
 */
public class TokenRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final boolean tokenPresent;

    public TokenRejectedException(int status, boolean tokenPresent, String message) {
        super(message, null, false, false);
        this.status = status;
        this.tokenPresent = tokenPresent;
    }

    /** Rejects a request that carries no bearer token. */
    static TokenRejectedException missing(String message) {
        return new TokenRejectedException(401, false, message);
    }

    /** Rejects a token that fails a check. */
    static TokenRejectedException invalid(String message) {
        return new TokenRejectedException(401, true, message);
    }

    /** Rejects a valid token whose identity may not read workload secrets. */
    static TokenRejectedException forbidden(String message) {
        return new TokenRejectedException(403, true, message);
    }

    /** Returns the HTTP status: 401 or 403. */
    public int status() {
        return status;
    }

    /** Returns whether the request carried a token, which decides the {@code error} attribute of {@code WWW-Authenticate}. */
    public boolean tokenPresent() {
        return tokenPresent;
    }
}
