package ist.aegis.safe.store;

import ist.aegis.common.validation.InvalidFieldException;

/** Rejects a value, or a change to an entry, that would exceed a size limit; the message names the limit. */
public class SizeLimitException extends InvalidFieldException {

    private static final long serialVersionUID = 1L;

    public SizeLimitException(String field, String message) {
        super(field, message);
    }
}
