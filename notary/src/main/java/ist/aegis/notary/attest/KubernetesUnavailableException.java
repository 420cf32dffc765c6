package ist.aegis.notary.attest;

/**
 * The Kubernetes API could not be reached or rejected Notary's own request, so a token could be
 * neither accepted nor rejected. Clients see 503 and may retry.
 */
public class KubernetesUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KubernetesUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
