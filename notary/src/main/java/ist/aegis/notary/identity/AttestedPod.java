package ist.aegis.notary.identity;

import java.time.Instant;

/**
 * A pod that an attestor vouched for: the Kubernetes facts a SPIFFE ID is built from.
 *
 * @param workloadAnnotation the pod's {@code aegis.ist/workload} annotation, {@code null} when absent
 * @param tokenExpiresAt when the service-account token expires, {@code null} when unknown
 */
public record AttestedPod(String namespace, String serviceAccount, String podName, String podUid,
        String workloadAnnotation, Instant tokenExpiresAt) {
}
