package ist.aegis.common.validation;

/**
 * Rejects one input field. The message names the field and the rule it breaks and never contains
 * the rejected value, because that value may be a secret.
 */
public class InvalidFieldException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    /** Returns the name of the rejected field, such as {@code value}. */
    public String field() {
        return field;
    }
}
