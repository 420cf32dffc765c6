package ist.aegis.notary.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WorkloadIdentityTest {

    @Test
    void serviceAccountNamesWorkloadByDefault() {
        AttestedPod pod = new AttestedPod("team-a", "billing", "billing-7d9f-x2", "uid-1", null, null);

        assertEquals("spiffe://aegis.ist/workload/billing/ns/team-a/sa/billing/n/billing-7d9f-x2",
                WorkloadIdentity.spiffeId("aegis.ist", pod).toString());
    }

    @Test
    void annotationNamesWorkload() {
        AttestedPod pod = new AttestedPod("team-a", "default", "api-0", "uid-1", "invoices", null);

        assertEquals("spiffe://example.org/workload/invoices/ns/team-a/sa/default/n/api-0",
                WorkloadIdentity.spiffeId("example.org", pod).toString());
    }

    @Test
    void invalidAnnotationRejected() {
        for (String annotation : new String[] {"", "Invoices", "invoices.v2", "-invoices", "a".repeat(64)}) {
            AttestedPod pod = new AttestedPod("team-a", "billing", "api-0", "uid-1", annotation, null);

            AttestationException e = assertThrows(AttestationException.class,
                    () -> WorkloadIdentity.spiffeId("aegis.ist", pod), annotation);
            assertEquals(AttestationException.Check.INVALID_WORKLOAD_ANNOTATION, e.check());
        }
    }

    @Test
    void dottedServiceAccountNeedsAnnotation() {
        AttestedPod pod = new AttestedPod("team-a", "billing.v2", "api-0", "uid-1", null, null);

        AttestationException e = assertThrows(AttestationException.class, () -> WorkloadIdentity.spiffeId("aegis.ist", pod));
        assertEquals("invalid workload name: service account 'billing.v2' of pod 'team-a/api-0' cannot name the"
                + " workload because it is not a DNS-1123 label; set the pod's 'aegis.ist/workload' annotation",
                e.getMessage());
        assertEquals("spiffe://aegis.ist/workload/billing/ns/team-a/sa/billing.v2/n/api-0", WorkloadIdentity.spiffeId(
                "aegis.ist", new AttestedPod("team-a", "billing.v2", "api-0", "uid-1", "billing", null)).toString());
    }
}
