package ist.aegis.safe.persistence;

/** Thrown when a root key is sent to a Safe that already has one loaded. */
public class RootKeyAlreadyLoadedException extends Exception {

    public RootKeyAlreadyLoadedException(String loadedKeyId) {
        super("a root key is already loaded (key id " + loadedKeyId + "): restart Safe to load another");
    }
}
