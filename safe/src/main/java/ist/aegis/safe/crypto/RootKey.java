package ist.aegis.safe.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.spec.SecretKeySpec;

/**
 * Safe's 256-bit root key, which encrypts every stored entry. The key bytes live in one array that
 * {@link #destroy()} overwrites. The key id is derived from the key (the first 8 bytes of a
 * SHA-256 over a fixed label and the key), so a record can name the key that sealed it without
 * revealing the key.
 *
 * <p>Thread-safe: the key never changes after construction, and {@link #destroy()} is meant to be
 * called once nothing uses the key any more.
 */
public final class RootKey {

    /** Length of a root key in bytes (AES-256). */
    public static final int LENGTH = 32;

    /** Length of a key id in bytes. */
    public static final int ID_LENGTH = 8;

    private static final byte[] ID_LABEL = "aegis-safe root key id v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] key;
    private final byte[] id;
    private final SecretKeySpec spec;

    private RootKey(byte[] key) {
        this.key = key;
        this.id = deriveId(key);
        this.spec = new SecretKeySpec(key, "AES");
    }

    /** Generates a fresh key from {@code random}. */
    public static RootKey generate(SecureRandom random) {
        byte[] bytes = new byte[LENGTH];
        random.nextBytes(bytes);
        return new RootKey(bytes);
    }

    /**
     * Wraps a copy of {@code bytes}; the caller still owns and should overwrite its array.
     *
     * @throws IllegalArgumentException when {@code bytes} is not 32 bytes long
     */
    public static RootKey of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a root key must be " + LENGTH + " bytes long, not "
                    + (bytes == null ? 0 : bytes.length));
        }
        return new RootKey(bytes.clone());
    }

    /** Returns the 8-byte key id. */
    public byte[] id() {
        return id.clone();
    }

    /** Returns the key id as 16 lowercase hex digits, the form log lines use. */
    public String idHex() {
        return HexFormat.of().formatHex(id);
    }

    /** Returns whether {@code otherId} is this key's id, compared in constant time. */
    public boolean hasId(byte[] otherId) {
        return MessageDigest.isEqual(id, otherId);
    }

    /** Returns a copy of the key bytes for storing it; the caller overwrites the copy when done. */
    public byte[] encoded() {
        return key.clone();
    }

    SecretKeySpec spec() {
        return spec;
    }

    /**
     * Overwrites the key bytes.
     *
     * <p>NOTE: {@link SecretKeySpec} keeps its own copy and cannot be wiped on Java 17, so a copy
     * remains on the heap until it is garbage collected.
     */
    public void destroy() {
        Arrays.fill(key, (byte) 0);
    }

    /** Returns the key id only, never the key. */
    @Override
    public String toString() {
        return "RootKey[id=" + idHex() + "]";
    }

    private static byte[] deriveId(byte[] key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(ID_LABEL);
            digest.update(key);
            return Arrays.copyOf(digest.digest(), ID_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
