package ist.aegis.notary.attest;

import ist.aegis.notary.identity.AttestationException;
import ist.aegis.notary.identity.AttestedPod;

/**
 * Vouches for the pod behind a projected service-account token. Implementations are thread-safe and
 * never log or return the token.
 */
public interface Attestor {

    /**
     * Attests a bearer token.
     *
     * @throws AttestationException naming the check that failed
     * @throws KubernetesUnavailableException when the Kubernetes API cannot be reached or rejects Notary's request
     */
    AttestedPod attest(String token);

    /** The attestor's kind for the start-up log, such as {@code kubernetes}. */
    String kind();
}
