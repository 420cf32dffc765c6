package ist.aegis.safe.crypto;

/**
 * Thrown when a stored record cannot be opened: it is malformed, in a format this Safe does not
 * read, sealed with another root key, or fails authentication (modified, or moved from another
 * address). The message names the record's address and never contains key or value bytes.
 */
public class SealedRecordException extends Exception {

    /** The cause of a failed open. */
    public enum Reason {
        /** The bytes are not a record: too short, wrong magic, inconsistent lengths. */
        MALFORMED,
        /** The record has a format version this Safe does not read. */
        UNSUPPORTED_FORMAT,
        /** The record's key id is not the loaded root key's. */
        WRONG_KEY,
        /** The authentication tag does not verify: the record was modified or moved. */
        AUTHENTICATION_FAILED
    }

    private final Reason reason;

    public SealedRecordException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
