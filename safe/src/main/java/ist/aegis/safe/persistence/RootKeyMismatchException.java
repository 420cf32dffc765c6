package ist.aegis.safe.persistence;

/**
 * Thrown when a root key does not match the data in the backing store: it did not seal the key
 * check, or, without a key check, none of the records.
 */
public class RootKeyMismatchException extends Exception {

    public RootKeyMismatchException(String message) {
        super(message);
    }
}
