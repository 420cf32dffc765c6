package ist.aegis.common.validation;

import java.util.regex.Pattern;

/**
 * DNS-1123 label rules, as Kubernetes applies them to namespace names: at most 63 characters,
 * lowercase letters, digits and '-', starting and ending with a letter or digit.
 */
public final class Dns1123 {

    /** Maximum length of a DNS-1123 label. */
    public static final int MAX_LABEL_LENGTH = 63;

    /** The rule in words, for error messages. */
    public static final String LABEL_RULE = "must be a DNS-1123 label: at most 63 characters, lowercase letters,"
            + " digits and '-', starting and ending with a letter or digit";

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private Dns1123() {
    }

    /** Returns whether {@code value} is a DNS-1123 label; {@code null} is not. */
    public static boolean isLabel(String value) {
        return value != null
                && !value.isEmpty()
                && value.length() <= MAX_LABEL_LENGTH
                && LABEL.matcher(value).matches();
    }

    /**
     * Checks that {@code value} is a DNS-1123 label.
     *
     * @param field the field name that error messages use, such as {@code workload}
     * @throws InvalidFieldException when the value is absent or breaks the rule
     */
    public static void requireLabel(String field, String value) {
        if (value == null) {
            throw new InvalidFieldException(field, "'" + field + "' is missing: it " + LABEL_RULE);
        }
        if (!isLabel(value)) {
            throw new InvalidFieldException(field, "'" + field + "' is invalid: it " + LABEL_RULE);
        }
    }
}
