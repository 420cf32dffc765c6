package ist.aegis.notary.keys.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import ist.aegis.notary.keys.KeyRing;
import ist.aegis.notary.keys.KeyRingCodec;
import ist.aegis.common.testing.SettableClock;
import ist.aegis.notary.keys.SigningKey;
import ist.aegis.notary.keys.SigningKeyStoreException;
import ist.aegis.notary.keys.SigningKeyUnavailableException;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The Secret-backed key holder against the fabric8 mock API server in CRUD mode. Each test uses its
 * own namespace, so two holders in one test share a Secret as two Notary replicas would.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesSecretKeyHolderTest {

    private static final Instant START = Instant.parse("2026-12-04T20:00:00Z");
    private static final Duration PERIOD = Duration.ofHours(24);
    private static final Duration RETENTION = Duration.ofMinutes(6);

    static KubernetesClient client;

    @Test
    void firstRefreshCreatesSecret() {
        KubernetesSecretKeyHolder holder = holder("first-refresh", new SettableClock(START));

        KeyRing ring = holder.refresh();

        Secret secret = client.secrets().inNamespace("first-refresh").withName("aegis-notary-signing-key").get();
        assertNotNull(secret, "the Secret was not created");
        assertEquals("Opaque", secret.getType());
        KeyRing stored = KeyRingCodec.decode(Base64.getDecoder().decode(secret.getData().get("keys.json")));
        assertEquals(ring.current().keyId(), stored.current().keyId());
        assertEquals(START, stored.current().created());
        assertEquals(null, stored.previous());
    }

    @Test
    void keyUnavailableBeforeRefresh() {
        KubernetesSecretKeyHolder holder = holder("before-refresh", new SettableClock(START));

        SigningKeyUnavailableException e = assertThrows(SigningKeyUnavailableException.class, holder::keyRing);
        assertEquals("no signing key is loaded yet from Kubernetes Secret before-refresh/aegis-notary-signing-key",
                e.getMessage());
    }

    @Test
    void keySurvivesRestart() throws Exception {
        SettableClock clock = new SettableClock(START);
        KeyRing before = holder("restart", clock).refresh();

        clock.advance(Duration.ofHours(1));
        KeyRing after = holder("restart", clock).refresh();

        assertEquals(before.current().keyId(), after.current().keyId());
        // The restarted holder signs with the same private key: the old public key verifies it.
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload("restart");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setKey(after.current().privateKey());
        String signed = jws.getCompactSerialization();
        JsonWebSignature verifier = new JsonWebSignature();
        verifier.setCompactSerialization(signed);
        verifier.setKey(org.jose4j.jwk.PublicJsonWebKey.Factory.newPublicJwk(before.current().publicParameters())
                .getPublicKey());
        assertTrue(verifier.verifySignature(), "the restarted holder's key does not match the first one");
    }

    @Test
    void rotationKeepsBothKeys() {
        SettableClock clock = new SettableClock(START);
        KubernetesSecretKeyHolder holder = holder("rotation", clock);
        SigningKey first = holder.refresh().current();

        clock.advance(PERIOD.minusSeconds(1));
        assertEquals(first.keyId(), holder.refresh().current().keyId(), "rotated before the period ended");

        clock.advance(Duration.ofSeconds(1));
        KeyRing rotated = holder.refresh();
        assertNotEquals(first.keyId(), rotated.current().keyId());
        assertEquals(first.keyId(), rotated.previous().keyId());
        assertEquals(START.plus(PERIOD), rotated.previousRetired());
        assertEquals(List.of(rotated.current().keyId(), first.keyId()), kids(holder.publishedKeys()));

        // A second replica reads the rotated keys and does not rotate again.
        KeyRing replica = holder("rotation", clock).refresh();
        assertEquals(rotated.current().keyId(), replica.current().keyId());
        assertEquals(first.keyId(), replica.previous().keyId());

        // Once every token of the previous key has expired, only the current key is published.
        clock.advance(RETENTION.minusSeconds(1));
        assertEquals(2, holder.publishedKeys().size());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of(rotated.current().keyId()), kids(holder.publishedKeys()));
    }

    @Test
    void concurrentCreateAgreesOnOneKey() throws Exception {
        SettableClock clock = new SettableClock(START);
        List<KeyRing> rings = concurrently(holder("concurrent-create", clock)::refresh,
                holder("concurrent-create", clock)::refresh);

        String stored = storedKid("concurrent-create");
        assertEquals(stored, rings.get(0).current().keyId());
        assertEquals(stored, rings.get(1).current().keyId());
    }

    @Test
    void concurrentRotationAgreesOnOneKey() throws Exception {
        SettableClock clock = new SettableClock(START);
        KubernetesSecretKeyHolder first = holder("concurrent-rotation", clock);
        KubernetesSecretKeyHolder second = holder("concurrent-rotation", clock);
        String original = first.refresh().current().keyId();
        second.refresh();

        clock.advance(PERIOD);
        List<KeyRing> rings = concurrently(first::refresh, second::refresh);

        String stored = storedKid("concurrent-rotation");
        assertNotEquals(original, stored);
        assertEquals(stored, rings.get(0).current().keyId());
        assertEquals(stored, rings.get(1).current().keyId());
        assertEquals(original, rings.get(0).previous().keyId());
        assertEquals(original, rings.get(1).previous().keyId());
    }

    @Test
    void staleUpdateConflicts() {
        KubernetesSecretKeyHolder holder = holder("stale-update", new SettableClock(START));
        holder.refresh();
        String version = client.secrets().inNamespace("stale-update").withName("aegis-notary-signing-key").get()
                .getMetadata().getResourceVersion();
        byte[] next = KeyRingCodec.encode(KeyRing.of(SigningKey.generate(START)));

        assertTrue(holder.replaceIfUnchanged(next, version), "the update at the current version failed");
        assertFalse(holder.replaceIfUnchanged(next, version), "the update at a stale version succeeded");
        assertFalse(holder.createIfAbsent(next), "a second create succeeded");
    }

    @Test
    void unreadableSecretRejected() {
        client.secrets().inNamespace("unreadable").resource(new SecretBuilder()
                .withNewMetadata().withName("aegis-notary-signing-key").endMetadata()
                .addToData("keys.json", Base64.getEncoder().encodeToString("{\"format\":7}".getBytes(StandardCharsets.UTF_8)))
                .build()).create();

        SigningKeyStoreException e = assertThrows(SigningKeyStoreException.class,
                () -> holder("unreadable", new SettableClock(START)).refresh());
        assertEquals("failed to read the signing keys in Kubernetes Secret unreadable/aegis-notary-signing-key:"
                + " 'format' must be 1", e.getMessage());
    }

    @Test
    void secretWithoutEntryRejected() {
        client.secrets().inNamespace("no-entry").resource(new SecretBuilder()
                .withNewMetadata().withName("aegis-notary-signing-key").endMetadata()
                .addToData("other", "e30=")
                .build()).create();

        SigningKeyStoreException e = assertThrows(SigningKeyStoreException.class,
                () -> holder("no-entry", new SettableClock(START)).refresh());
        assertEquals("failed to read the signing keys in Kubernetes Secret no-entry/aegis-notary-signing-key: it has"
                + " no 'keys.json' entry", e.getMessage());
    }

    private static KubernetesSecretKeyHolder holder(String namespace, SettableClock clock) {
        return new KubernetesSecretKeyHolder(client, namespace, clock, PERIOD, RETENTION);
    }

    private static String storedKid(String namespace) {
        Secret secret = client.secrets().inNamespace(namespace).withName("aegis-notary-signing-key").get();
        return KeyRingCodec.decode(Base64.getDecoder().decode(secret.getData().get("keys.json"))).current().keyId();
    }

    private static List<String> kids(List<SigningKey> keys) {
        return keys.stream().map(SigningKey::keyId).toList();
    }

    /** Runs both calls at once, released together by a latch, and returns their results in order. */
    private static List<KeyRing> concurrently(Callable<KeyRing> first, Callable<KeyRing> second) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<KeyRing> a = executor.submit(() -> {
                start.await();
                return first.call();
            });
            Future<KeyRing> b = executor.submit(() -> {
                start.await();
                return second.call();
            });
            start.countDown();
            return List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS));
        } finally {
            executor.shutdownNow();
        }
    }
}
