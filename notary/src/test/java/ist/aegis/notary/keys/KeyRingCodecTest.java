package ist.aegis.notary.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

class KeyRingCodecTest {

    private static final Instant START = Instant.parse("2026-12-04T20:00:00Z");

    @Test
    void roundTripsRotatedRing() {
        SigningKey first = SigningKey.generate(START);
        SigningKey second = SigningKey.generate(START.plus(Duration.ofHours(24)));
        KeyRing ring = KeyRing.of(first).rotate(second, START.plus(Duration.ofHours(24)));

        KeyRing decoded = KeyRingCodec.decode(KeyRingCodec.encode(ring));

        assertEquals(second.keyId(), decoded.current().keyId());
        assertEquals(second.created(), decoded.current().created());
        assertEquals(second.privateKey(), decoded.current().privateKey());
        assertEquals(first.keyId(), decoded.previous().keyId());
        assertEquals(START.plus(Duration.ofHours(24)), decoded.previousRetired());
    }

    @Test
    void roundTripsSingleKey() {
        SigningKey key = SigningKey.generate(START);

        KeyRing decoded = KeyRingCodec.decode(KeyRingCodec.encode(KeyRing.of(key)));

        assertEquals(key.keyId(), decoded.current().keyId());
        assertNull(decoded.previous());
    }

    @Test
    void rejectsBrokenDocuments() {
        assertEquals("the content is not JSON", decodeError("{"));
        assertEquals("'format' must be 1", decodeError("{\"format\": 2}"));
        assertEquals("'current' is missing", decodeError("{\"format\": 1}"));
        assertEquals("'current.jwk' is missing", decodeError("{\"format\": 1, \"current\": {\"created\": \"x\"}}"));
        assertEquals("a key is not a valid JWK", decodeError("{\"format\": 1, \"current\":"
                + " {\"created\": \"2026-12-04T20:00:00Z\", \"jwk\": {\"kty\": \"oct\", \"k\": \"AAAA\"}}}"));
        String publicOnly = JsonUtil.toJson(SigningKey.generate(START).publicParameters());
        assertEquals("a key is not a P-256 private key with a key ID", decodeError("{\"format\": 1, \"current\":"
                + " {\"created\": \"2026-12-04T20:00:00Z\", \"jwk\": " + publicOnly + "}}"));
    }

    @Test
    void publicParametersHoldNoPrivateKey() {
        SigningKey key = SigningKey.generate(START);

        var parameters = key.publicParameters();

        assertFalse(parameters.containsKey("d"), "the public JWK contains the private key");
        assertEquals(List.of("EC", "P-256", "ES256", "sig", key.keyId()), List.of(parameters.get("kty"),
                parameters.get("crv"), parameters.get("alg"), parameters.get("use"), parameters.get("kid")));
        assertEquals("SigningKey[kid=" + key.keyId() + ", created=2026-12-04T20:00:00Z]", key.toString());
    }

    @Test
    void previousKeyPublishedUntilRetentionEnds() {
        SigningKey first = SigningKey.generate(START);
        Instant rotation = START.plus(Duration.ofHours(24));
        KeyRing ring = KeyRing.of(first).rotate(SigningKey.generate(rotation), rotation);
        Duration retention = Duration.ofMinutes(6);

        assertEquals(2, ring.published(rotation.plus(retention).minusSeconds(1), retention).size());
        assertEquals(1, ring.published(rotation.plus(retention), retention).size());
    }

    private static String decodeError(String json) {
        return assertThrows(InvalidKeyRingException.class,
                () -> KeyRingCodec.decode(json.getBytes(StandardCharsets.UTF_8))).getMessage();
    }
}
