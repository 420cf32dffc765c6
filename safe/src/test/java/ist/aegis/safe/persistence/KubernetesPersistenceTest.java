package ist.aegis.safe.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ist.aegis.safe.crypto.EntryAddress;
import ist.aegis.safe.support.SafeTlsResource;
import ist.aegis.safe.support.TestTls;

import io.fabric8.kubernetes.api.model.Secret;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Safe with the {@code kubernetes} store and the root key Secret, on the fabric8 mock API server in
 * CRUD mode, because no real API server can run here.
 */
@QuarkusTest
@QuarkusTestResource(SafeTlsResource.class)
@WithKubernetesTestServer(crud = true)
@TestProfile(KubernetesPersistenceTest.Profile.class)
class KubernetesPersistenceTest {

    private static final String NAMESPACE = "aegis-system";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("safe.store.kind", "kubernetes", "safe.store.namespace", NAMESPACE);
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    private Secret secret(String name) {
        return server.getClient().secrets().inNamespace(NAMESPACE).withName(name).get();
    }

    @Test
    void startCreatesRootKeySecret() {
        Secret rootKey = secret("aegis-safe-root-key");

        assertNotNull(rootKey);
        assertEquals(32, Base64.getDecoder().decode(rootKey.getData().get("key")).length);
        assertNotNull(secret(KubernetesBackingStore.KEY_CHECK_NAME));
    }

    @Test
    void changesAreWrittenAsCiphertextSecrets() {
        String value = "kube-stored-value-0815";
        TestTls.asSentinel(url).contentType(ContentType.JSON)
                .body(Map.of("workload", "billing", "namespace", "kube-test", "value", value))
                .post("/sentinel/v1/secrets").then().statusCode(200);
        String name = KubernetesBackingStore.secretName(new EntryAddress("kube-test", "billing"));

        Secret stored = secret(name);
        assertNotNull(stored);
        byte[] record = Base64.getDecoder().decode(stored.getData().get("record"));
        assertTrue(record.length > value.length());
        assertTrue(!new String(record, StandardCharsets.ISO_8859_1).contains(value), "the Secret holds ciphertext only");
        assertTrue(!stored.getData().get("record").contains(Base64.getEncoder().encodeToString(value.getBytes())));

        TestTls.asSentinel(url).queryParam("workload", "billing").queryParam("namespace", "kube-test")
                .delete("/sentinel/v1/secrets").then().statusCode(200);
        assertNull(secret(name));
    }
}
