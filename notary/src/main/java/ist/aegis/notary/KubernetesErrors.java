package ist.aegis.notary;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Describes a failed Kubernetes API call without its message, because the client's messages may
 * quote the request body, which can contain a token or a private key.
 */
public final class KubernetesErrors {

    // Far deeper than any real cause chain; stops a cycle.
    private static final int MAX_CAUSE_DEPTH = 10;

    private KubernetesErrors() {
    }

    /** Returns {@code HTTP <code>} when the API server responded, else the innermost cause's type, such as {@code ConnectException}. */
    public static String reason(KubernetesClientException e) {
        if (e.getCode() > 0) {
            return "HTTP " + e.getCode();
        }
        Throwable cause = e;
        for (int depth = 0; depth < MAX_CAUSE_DEPTH && cause.getCause() != null && cause.getCause() != cause; depth++) {
            cause = cause.getCause();
        }
        return cause == e ? "no response" : cause.getClass().getSimpleName();
    }
}
