package ist.aegis.common.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpiffeIdTest {

    @Test
    void parsesWorkloadId() {
        SpiffeId id = SpiffeId.parse("spiffe://aegis.ist/workload/billing/ns/team-a/sa/billing-sa/n/billing-7d9f");
        assertFalse(id.isSystem());
        assertEquals("aegis.ist", id.trustDomain());
        assertEquals("billing", id.workloadName());
        assertEquals("team-a", id.namespace());
        assertEquals("billing-sa", id.serviceAccount());
        assertEquals("billing-7d9f", id.pod());
    }

    @Test
    void parsesSystemId() {
        SpiffeId id = SpiffeId.parse("spiffe://example.org/system/sentinel");
        assertTrue(id.isSystem());
        assertEquals(SystemComponent.SENTINEL, id.component());
        assertEquals("spiffe://example.org/system/sentinel", id.toString());
    }

    @Test
    void formatsWhatItParses() {
        SpiffeId id = SpiffeId.workload("aegis.ist", "web", "default", "web", "web-0");
        assertEquals("spiffe://aegis.ist/workload/web/ns/default/sa/web/n/web-0", id.toString());
        assertEquals(id, SpiffeId.parse(id.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "https://aegis.ist/system/safe",
        "spiffe://aegis.ist",
        "spiffe:///system/safe",
        "spiffe://AEGIS.ist/system/safe",
        "spiffe://aegis.ist/system/admin",
        "spiffe://aegis.ist/system/safe/extra",
        "spiffe://aegis.ist/workload/billing/ns/team-a/sa/sa",
        "spiffe://aegis.ist/workload/billing/ns/team-a/sa/sa/n/pod/extra",
        "spiffe://aegis.ist/workload/Billing/ns/team-a/sa/sa/n/pod",
        "spiffe://aegis.ist/workload/billing/ns/team_a/sa/sa/n/pod",
        "spiffe://aegis.ist/workload/billing/namespace/team-a/sa/sa/n/pod",
        "spiffe://aegis.ist/workload/../ns/team-a/sa/sa/n/pod",
        "spiffe://aegis.ist/workload//ns/team-a/sa/sa/n/pod",
        "spiffe://aegis.ist/other/safe"
    })
    void rejectsMalformedIds(String value) {
        assertThrows(IllegalArgumentException.class, () -> SpiffeId.parse(value));
    }

    @Test
    void workloadNamedSafeIsNotSystem() {
        SpiffeId id = SpiffeId.parse("spiffe://aegis.ist/workload/safe/ns/aegis-system/sa/safe/n/safe-0");
        assertFalse(id.isSystem());
        assertEquals("safe", id.workloadName());
    }
}
