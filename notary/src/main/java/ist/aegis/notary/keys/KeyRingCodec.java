package ist.aegis.notary.keys;

import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stored form of a {@link KeyRing}: UTF-8 JSON holding private JWKs, so it belongs only in a
 * Kubernetes Secret or an owner-only file.
 *
 * <pre>{"format": 1,
 *  "current": {"created": "2026-12-04T20:00:00Z", "jwk": {...}},
 *  "previous": {"created": "...", "retired": "...", "jwk": {...}}}</pre>
 */
public final class KeyRingCodec {

    private static final long FORMAT = 1;

    private KeyRingCodec() {
    }

    /** Encodes a ring; callers overwrite the returned bytes once stored. */
    public static byte[] encode(KeyRing ring) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", FORMAT);
        document.put("current", entry(ring.current(), null));
        if (ring.previous() != null) {
            document.put("previous", entry(ring.previous(), ring.previousRetired()));
        }
        // NOTE: jose4j builds the JSON as a String, which cannot be overwritten; only the bytes are.
        return JsonUtil.toJson(document).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes a stored ring.
     *
     * @throws InvalidKeyRingException when the content is not a ring in this format
     */
    public static KeyRing decode(byte[] content) {
        Map<String, Object> document;
        try {
            document = JsonUtil.parseJson(new String(content, StandardCharsets.UTF_8));
        } catch (JoseException | RuntimeException e) {
            throw new InvalidKeyRingException("the content is not JSON");
        }
        if (!(document.get("format") instanceof Number format) || format.longValue() != FORMAT) {
            throw new InvalidKeyRingException("'format' must be " + FORMAT);
        }
        if (!(document.get("current") instanceof Map<?, ?> current)) {
            throw new InvalidKeyRingException("'current' is missing");
        }
        SigningKey currentKey = key(current, "current");
        if (!(document.get("previous") instanceof Map<?, ?> previous)) {
            return KeyRing.of(currentKey);
        }
        return new KeyRing(currentKey, key(previous, "previous"), instant(previous, "retired", "previous"));
    }

    private static Map<String, Object> entry(SigningKey key, Instant retired) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("created", key.created().toString());
        if (retired != null) {
            entry.put("retired", retired.toString());
        }
        entry.put("jwk", key.privateParameters());
        return entry;
    }

    @SuppressWarnings("unchecked")
    private static SigningKey key(Map<?, ?> entry, String name) {
        if (!(entry.get("jwk") instanceof Map<?, ?> jwk)) {
            throw new InvalidKeyRingException("'" + name + ".jwk' is missing");
        }
        return SigningKey.fromJwk((Map<String, Object>) jwk, instant(entry, "created", name));
    }

    private static Instant instant(Map<?, ?> entry, String field, String name) {
        if (!(entry.get(field) instanceof String text)) {
            throw new InvalidKeyRingException("'" + name + "." + field + "' is missing");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidKeyRingException("'" + name + "." + field + "' is not an RFC 3339 time");
        }
    }
}
