package ist.aegis.notary.identity;

import ist.aegis.common.identity.SpiffeId;
import ist.aegis.common.validation.Dns1123;

/**
 * Turns an attested pod into its workload SPIFFE ID,
 * {@code spiffe://<trust-domain>/workload/<workload>/ns/<namespace>/sa/<service-account>/n/<pod>}.
 * Pure and thread-safe.
 */
public final class WorkloadIdentity {

    /** The pod annotation that names the workload. */
    public static final String WORKLOAD_ANNOTATION = "aegis.ist/workload";

    private WorkloadIdentity() {
    }

    /**
     * Returns the workload name: the pod's {@code aegis.ist/workload} annotation, or the service
     * account's name when the pod has none.
     *
     * @throws AttestationException when the annotation, or the service-account name used in its
     *         place, is not a DNS-1123 label
     */
    public static String workloadName(AttestedPod pod) {
        String annotation = pod.workloadAnnotation();
        if (annotation != null) {
            if (!Dns1123.isLabel(annotation)) {
                throw new AttestationException(AttestationException.Check.INVALID_WORKLOAD_ANNOTATION,
                        "invalid workload annotation: pod '" + pod.namespace() + "/" + pod.podName()
                                + "' has an '" + WORKLOAD_ANNOTATION + "' annotation that is not valid: it "
                                + Dns1123.LABEL_RULE);
            }
            return annotation;
        }
        if (!Dns1123.isLabel(pod.serviceAccount())) {
            throw new AttestationException(AttestationException.Check.INVALID_WORKLOAD_NAME,
                    "invalid workload name: service account '" + pod.serviceAccount() + "' of pod '"
                            + pod.namespace() + "/" + pod.podName() + "' cannot name the workload because it is not"
                            + " a DNS-1123 label; set the pod's '" + WORKLOAD_ANNOTATION + "' annotation");
        }
        return pod.serviceAccount();
    }

    /**
     * Returns the workload SPIFFE ID of an attested pod.
     *
     * @throws AttestationException when no valid workload name can be derived, or when a Kubernetes
     *         name breaks its naming rule
     */
    public static SpiffeId spiffeId(String trustDomain, AttestedPod pod) {
        String workload = workloadName(pod);
        try {
            return SpiffeId.workload(trustDomain, workload, pod.namespace(), pod.serviceAccount(), pod.podName());
        } catch (IllegalArgumentException e) {
            // Kubernetes enforces these rules itself, so only a broken attestor gets here.
            throw new AttestationException(AttestationException.Check.INVALID_WORKLOAD_NAME,
                    "invalid workload identity: " + e.getMessage());
        }
    }
}
