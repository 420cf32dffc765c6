package ist.aegis.safe.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ist.aegis.safe.crypto.EntryAddress;

import java.net.InetAddress;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.quarkus.test.kubernetes.client.KubernetesServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs on the fabric8 mock API server in CRUD mode, because no real API server can run here. */
class KubernetesBackingStoreTest extends BackingStoreContractTest {

    private static final String NAMESPACE = "aegis-system";

    private KubernetesServer server;

    @Override
    BackingStore newStore() {
        if (server == null) {
            server = new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
            server.before();
        }
        return new KubernetesBackingStore(server.getClient(), NAMESPACE);
    }

    @Override
    BackingStore reopenStore() {
        return new KubernetesBackingStore(server.getClient(), NAMESPACE);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.after();
            server = null;
        }
    }

    @Test
    void secretHoldsOnlyTheRecordAndLabels() {
        EntryAddress address = new EntryAddress("team-a", "billing");
        new KubernetesBackingStore(server.getClient(), NAMESPACE).write(address, new byte[] {1, 2, 3});

        Secret secret = server.getClient().secrets().inNamespace(NAMESPACE)
                .withName(KubernetesBackingStore.secretName(address)).get();

        assertNotNull(secret);
        assertEquals(76, secret.getMetadata().getName().length());
        assertTrue(secret.getMetadata().getName().startsWith("aegis-entry-"));
        assertEquals("team-a", secret.getMetadata().getLabels().get("aegis.ist/namespace"));
        assertEquals("billing", secret.getMetadata().getLabels().get("aegis.ist/workload"));
        assertEquals("entry", secret.getMetadata().getLabels().get("aegis.ist/record"));
        assertEquals("aegis", secret.getMetadata().getLabels().get("app.kubernetes.io/part-of"));
        assertEquals(Set.of("record"), secret.getData().keySet());
        assertEquals(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}), secret.getData().get("record"));
    }

    @Test
    void relabelledSecretIsSkipped() {
        KubernetesBackingStore store = new KubernetesBackingStore(server.getClient(), NAMESPACE);
        store.write(new EntryAddress("team-a", "billing"), new byte[] {1});
        Secret forged = new SecretBuilder()
                .withNewMetadata()
                .withName("aegis-entry-forged")
                .withNamespace(NAMESPACE)
                .addToLabels("aegis.ist/record", "entry")
                .addToLabels("aegis.ist/namespace", "team-b")
                .addToLabels("aegis.ist/workload", "billing")
                .endMetadata()
                .addToData("record", Base64.getEncoder().encodeToString(new byte[] {2}))
                .build();
        server.getClient().secrets().inNamespace(NAMESPACE).resource(forged).create();

        assertEquals(List.of(new EntryAddress("team-a", "billing")), store.list());
    }
}
