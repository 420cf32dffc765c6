package ist.aegis.notary.keys;

/** No signing key is loaded yet, so no token can be issued; clients see 503 and may retry. */
public class SigningKeyUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SigningKeyUnavailableException(String message) {
        super(message, null, false, false);
    }
}
