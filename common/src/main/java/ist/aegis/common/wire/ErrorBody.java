package ist.aegis.common.wire;

/**
 * The body of every error response: a short machine-readable code and a sentence that names the
 * field or check and the rule. The message never contains a secret value or a token.
 */
public record ErrorBody(String error, String message) {

    public static final String INVALID_REQUEST = "invalid_request";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String NOT_FOUND = "not_found";
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
    public static final String NOT_READY = "not_ready";
    public static final String UNAVAILABLE = "unavailable";
    public static final String INTERNAL_ERROR = "internal_error";
}
