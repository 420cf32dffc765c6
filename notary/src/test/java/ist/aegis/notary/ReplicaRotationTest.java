package ist.aegis.notary;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import ist.aegis.notary.keys.KeyRing;
import ist.aegis.common.testing.SettableClock;
import ist.aegis.notary.keys.store.KubernetesSecretKeyHolder;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Another replica rotates the key in the shared Secret. The running Notary picks the new key up on
 * its next periodic refresh and publishes both keys.
 */
@QuarkusTest
@TestProfile(ReplicaRotationTest.FastRefresh.class)
@WithKubernetesTestServer(crud = true)
@WithTestResource(NotaryTlsResource.class)
class ReplicaRotationTest {

    @Inject
    KubernetesClient client;

    @TestHTTPResource(tls = true)
    URL base;

    @Test
    void rotationByReplicaPublished() throws Exception {
        String original = servedKids().get(0);

        // The other replica's clock is a day ahead, so its key is due for rotation.
        SettableClock replicaClock = new SettableClock(Instant.now().plus(Duration.ofHours(25)));
        KeyRing rotated = new KubernetesSecretKeyHolder(client, "test", replicaClock, Duration.ofHours(24),
                Duration.ofMinutes(6)).refresh();
        assertEquals(original, rotated.previous().keyId());

        Awaitility.await("Notary to publish the rotated key").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertEquals(List.of(rotated.current().keyId(), original), servedKids()));
    }

    private List<String> servedKids() throws Exception {
        String jwks = given().baseUri(base.toString()).trustStore(NotaryTlsResource.trustStore())
                .get("/notary/v1/jwks").then().statusCode(200).extract().asString();
        return new JsonWebKeySet(jwks).getJsonWebKeys().stream().map(JsonWebKey::getKeyId).toList();
    }

    public static class FastRefresh implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("notary.signing-key.refresh-period", "PT1S");
        }
    }
}
