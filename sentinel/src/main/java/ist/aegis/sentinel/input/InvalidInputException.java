package ist.aegis.sentinel.input;

/** Rejects what was read from standard input; the message never contains the input itself. */
public class InvalidInputException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message, null, false, false);
    }
}
