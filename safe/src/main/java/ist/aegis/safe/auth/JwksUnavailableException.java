package ist.aegis.safe.auth;

/** Reports that Notary's JWKS could not be fetched or read, so a token cannot be checked now (503). */
public class JwksUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JwksUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
