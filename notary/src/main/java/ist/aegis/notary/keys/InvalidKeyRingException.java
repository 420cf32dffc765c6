package ist.aegis.notary.keys;

/** Stored signing keys that cannot be read back. The message names the broken part, never key material. */
public class InvalidKeyRingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidKeyRingException(String message) {
        super(message, null, false, false);
    }
}
