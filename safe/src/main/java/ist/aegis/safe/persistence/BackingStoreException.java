package ist.aegis.safe.persistence;

/**
 * Thrown when a backing store fails to read or write: an I/O error, a full disk, or a Kubernetes
 * API error. The message names the record and the store's location, never record contents.
 */
public class BackingStoreException extends RuntimeException {

    public BackingStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
