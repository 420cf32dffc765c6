package ist.aegis.safe.crypto;

/**
 * Thrown when an operation needs the root key before one has been loaded. In manual mode this is
 * the normal state until an administrator sends the key through Sentinel.
 */
public class RootKeyNotLoadedException extends RuntimeException {

    public RootKeyNotLoadedException() {
        super("the root key has not been loaded yet: an administrator loads it with"
                + " 'aegis --root-key -' in the Sentinel pod (POST /sentinel/v1/root-key)");
    }
}
