package ist.aegis.notary.keys;

/** The signing-key store could not be read or written. The message names the store, never key material. */
public class SigningKeyStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SigningKeyStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
