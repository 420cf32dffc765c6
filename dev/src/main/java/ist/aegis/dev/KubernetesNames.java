package ist.aegis.dev;

import ist.aegis.common.validation.Dns1123;

import java.util.regex.Pattern;

/** Kubernetes object-name rules for the dev tools' options; messages name the option and the rule. */
final class KubernetesNames {

    /** Maximum length of a DNS-1123 subdomain, the rule for pod and service-account names. */
    static final int MAX_SUBDOMAIN_LENGTH = 253;

    static final String SUBDOMAIN_RULE = "must be a DNS-1123 subdomain: at most 253 characters, lowercase letters,"
            + " digits, '-' and '.', each dot-separated part starting and ending with a letter or digit";

    private static final Pattern SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private KubernetesNames() {
    }

    static boolean isSubdomain(String value) {
        return value != null && !value.isEmpty() && value.length() <= MAX_SUBDOMAIN_LENGTH
                && SUBDOMAIN.matcher(value).matches();
    }

    /** Returns {@code null} when {@code value} is a DNS-1123 label, else the error message. */
    static String labelError(String option, String value) {
        return Dns1123.isLabel(value) ? null : option + " '" + value + "' is invalid: it " + Dns1123.LABEL_RULE;
    }

    /** Returns {@code null} when {@code value} is a DNS-1123 subdomain, else the error message. */
    static String subdomainError(String option, String value) {
        return isSubdomain(value) ? null : option + " '" + value + "' is invalid: it " + SUBDOMAIN_RULE;
    }
}
