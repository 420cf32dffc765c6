package ist.aegis.notary.identity;

/**
 * Rejects a service-account token because one attestation check failed. The message names the check
 * and the objects involved (namespace, pod, uid) and never contains the token.
 */
public class AttestationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Check check;

    public AttestationException(Check check, String message) {
        super(message, null, false, false);
        this.check = check;
    }

    /** Returns the check that failed. */
    public Check check() {
        return check;
    }

    /** The attestation checks, in the order they run. */
    public enum Check {
        MISSING_TOKEN,
        INVALID_TOKEN,
        WRONG_AUDIENCE,
        NOT_SERVICE_ACCOUNT,
        NOT_BOUND_TO_POD,
        POD_NOT_FOUND,
        UID_MISMATCH,
        POD_TERMINATED,
        INVALID_WORKLOAD_ANNOTATION,
        INVALID_WORKLOAD_NAME
    }
}
