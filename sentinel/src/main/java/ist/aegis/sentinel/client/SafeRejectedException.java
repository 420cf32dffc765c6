package ist.aegis.sentinel.client;

/** Safe responded with an error status. Carries the status and Safe's {@code ErrorBody}, when it sent one. */
public class SafeRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final String safeMessage;

    public SafeRejectedException(int status, String error, String safeMessage) {
        super(describe(status, error, safeMessage), null, false, false);
        this.status = status;
        this.error = error;
        this.safeMessage = safeMessage;
    }

    /** Returns the HTTP status code of Safe's response. */
    public int status() {
        return status;
    }

    /** Returns Safe's short error code, such as {@code not_found}, or {@code null} when the body had none. */
    public String error() {
        return error;
    }

    /** Returns Safe's error message, or {@code null} when the body had none. */
    public String safeMessage() {
        return safeMessage;
    }

    private static String describe(int status, String error, String safeMessage) {
        String code = error == null ? "HTTP " + status : "HTTP " + status + ", " + error;
        if (safeMessage == null) {
            return "Safe rejected the request (" + code + ") without an error message";
        }
        return "Safe rejected the request (" + code + "): " + safeMessage;
    }
}
