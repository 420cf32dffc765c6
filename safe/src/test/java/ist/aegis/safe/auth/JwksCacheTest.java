package ist.aegis.safe.auth;

import ist.aegis.common.testing.SettableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jwk.Use;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Fetch scheduling of the JWKS cache with a fixed clock. The source here returns JWKS documents from
 * memory, standing in for the HTTPS fetch that WorkloadApiTest runs for real, so that fetches can be
 * counted exactly.
 */
class JwksCacheTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-04T20:00:00Z"));
    private final List<String> documents = new ArrayList<>();
    private int fetches;
    private boolean failing;

    private final JwksSource source = () -> {
        fetches++;
        if (failing) {
            throw new IOException("connection refused");
        }
        return documents.get(documents.size() - 1);
    };
    private final JwksCache cache = new JwksCache(source, clock, Duration.ofSeconds(5), Duration.ofMinutes(5));

    @Test
    void firstLookupFetchesOnce() throws Exception {
        documents.add(jwks(ecKey("k1")));

        assertTrue(cache.key("k1").isPresent());
        assertTrue(cache.key("k1").isPresent());
        assertEquals(1, fetches);
    }

    @Test
    void unknownKeyRefetchesAtMostOncePerInterval() throws Exception {
        documents.add(jwks(ecKey("k1")));
        cache.key("k1");
        clock.advance(Duration.ofSeconds(5));

        assertTrue(cache.key("unknown-1").isEmpty());
        assertTrue(cache.key("unknown-2").isEmpty());
        assertTrue(cache.key("unknown-3").isEmpty());
        assertEquals(2, fetches);

        clock.advance(Duration.ofSeconds(5));
        assertTrue(cache.key("unknown-4").isEmpty());
        assertEquals(3, fetches);
    }

    @Test
    void unknownKeyWithinIntervalDoesNotFetch() throws Exception {
        documents.add(jwks(ecKey("k1")));
        cache.key("k1");
        clock.advance(Duration.ofSeconds(4));

        assertTrue(cache.key("unknown").isEmpty());
        assertEquals(1, fetches);
    }

    @Test
    void rotatedKeyFoundByRefetch() throws Exception {
        PublicJsonWebKey first = ecKey("k1");
        documents.add(jwks(first));
        cache.key("k1");
        documents.add(jwks(first, ecKey("k2")));
        clock.advance(Duration.ofSeconds(5));

        assertTrue(cache.key("k2").isPresent());
        assertTrue(cache.key("k1").isPresent());
        assertEquals(2, fetches);
    }

    @Test
    void periodicRefreshDropsRemovedKey() throws Exception {
        documents.add(jwks(ecKey("k1")));
        cache.key("k1");
        documents.add(jwks(ecKey("k2")));
        clock.advance(Duration.ofMinutes(5));

        assertTrue(cache.key("k1").isEmpty());
        assertEquals(2, fetches);
    }

    @Test
    void firstFetchFailureThrows() {
        failing = true;

        JwksUnavailableException e = assertThrows(JwksUnavailableException.class, () -> cache.key("k1"));

        assertEquals("failed to fetch Notary's JWKS: connection refused", e.getMessage());
    }

    @Test
    void failedPeriodicRefreshKeepsKeys() throws Exception {
        documents.add(jwks(ecKey("k1")));
        cache.key("k1");
        failing = true;
        clock.advance(Duration.ofMinutes(5));

        assertTrue(cache.key("k1").isPresent());
        assertTrue(cache.key("k1").isPresent());
        assertEquals(2, fetches);
    }

    @Test
    void failedRefetchForUnknownKeyThrows() throws Exception {
        documents.add(jwks(ecKey("k1")));
        cache.key("k1");
        failing = true;
        clock.advance(Duration.ofSeconds(5));

        assertThrows(JwksUnavailableException.class, () -> cache.key("k2"));
        assertTrue(cache.key("k1").isPresent());
    }

    @Test
    void invalidDocumentThrows() {
        documents.add("{\"keys\": 42");

        JwksUnavailableException e = assertThrows(JwksUnavailableException.class, () -> cache.key("k1"));

        assertEquals("failed to read Notary's JWKS: it is not a valid JWK set", e.getMessage());
    }

    @Test
    void onlyEs256SigningKeysKept() throws Exception {
        PublicJsonWebKey encryption = ecKey("enc");
        encryption.setUse(Use.ENCRYPTION);
        PublicJsonWebKey otherAlgorithm = ecKey("es384-label");
        otherAlgorithm.setAlgorithm("ES384");
        PublicJsonWebKey otherCurve = EcJwkGenerator.generateJwk(EllipticCurves.P384);
        otherCurve.setKeyId("p384");
        PublicJsonWebKey rsa = RsaJwkGenerator.generateJwk(2048);
        rsa.setKeyId("rsa");
        PublicJsonWebKey bare = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        bare.setKeyId("bare");
        documents.add(jwks(ecKey("good"), encryption, otherAlgorithm, otherCurve, rsa, bare));

        assertTrue(cache.key("good").isPresent());
        assertTrue(cache.key("bare").isPresent());
        assertTrue(cache.key("enc").isEmpty());
        assertTrue(cache.key("es384-label").isEmpty());
        assertTrue(cache.key("p384").isEmpty());
        assertTrue(cache.key("rsa").isEmpty());
    }

    private static PublicJsonWebKey ecKey(String keyId) throws Exception {
        PublicJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        key.setKeyId(keyId);
        key.setUse(Use.SIGNATURE);
        key.setAlgorithm("ES256");
        return key;
    }

    private static String jwks(JsonWebKey... keys) {
        return new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }
}
