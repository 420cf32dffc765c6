package ist.aegis.safe.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals entries into records and opens them again, with AES-256-GCM under the root key.
 *
 * <p>Record layout: a 21-byte header, then a 12-byte nonce, then the ciphertext with its 16-byte
 * tag. The header is a 4-byte magic ({@code AGSE} for an entry, {@code AGSK} for the key check),
 * the format version (1 byte, {@value #FORMAT_VERSION}), the root key's id (8 bytes) and the
 * entry's version (8 bytes, big-endian). The associated data is the header followed by the
 * length-prefixed namespace and workload, so a record that is modified, or copied to another
 * address, fails authentication. Every seal draws a fresh random nonce, so sealing one entry twice
 * gives two different records.
 *
 * <p>Trust: the records may sit in untrusted storage. Nothing in a record is trusted before its
 * tag verifies, except the key id and format version used to pick the key and the parser.
 *
 * <p>Thread-safe: each call uses its own {@link Cipher}.
 */
public final class EntryCipher {

    /** The record format this class writes and reads. */
    public static final byte FORMAT_VERSION = 1;

    private static final byte[] ENTRY_MAGIC = {'A', 'G', 'S', 'E'};
    private static final byte[] KEY_CHECK_MAGIC = {'A', 'G', 'S', 'K'};
    private static final int HEADER_LENGTH = 4 + 1 + RootKey.ID_LENGTH + 8;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final int MIN_LENGTH = HEADER_LENGTH + NONCE_LENGTH + TAG_BITS / 8;
    private static final byte[] KEY_CHECK_PLAINTEXT = "aegis-safe key check v1".getBytes(StandardCharsets.US_ASCII);
    private static final String KEY_CHECK_NAME = "the key check record";

    private final SecureRandom random;

    public EntryCipher(SecureRandom random) {
        this.random = random;
    }

    /** Seals {@code entry} under {@code key}; the entry itself is left untouched. */
    public byte[] seal(RootKey key, EntryRecord entry) {
        byte[] body = EntryCodec.encode(entry);
        try {
            return seal(key, ENTRY_MAGIC, entry.version(), associatedData(entry.address()), body);
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    /**
     * Opens a record read from {@code address}.
     *
     * @throws SealedRecordException when the record is malformed, sealed with another key, or was
     *         modified or moved from another address
     */
    public EntryRecord open(RootKey key, EntryAddress address, byte[] record) throws SealedRecordException {
        String name = "record for " + address;
        byte[] body = open(key, ENTRY_MAGIC, associatedData(address), record, name);
        try {
            EntryRecord entry = EntryCodec.decode(address, body);
            long headerVersion = ByteBuffer.wrap(record, 4 + 1 + RootKey.ID_LENGTH, 8).getLong();
            if (entry.version() != headerVersion) {
                entry.wipe();
                throw new SealedRecordException(SealedRecordException.Reason.MALFORMED, name
                        + " is malformed: its header says version " + headerVersion + " but its body says "
                        + entry.version());
            }
            return entry;
        } catch (IllegalArgumentException e) {
            throw new SealedRecordException(SealedRecordException.Reason.MALFORMED, name + " is malformed: "
                    + e.getMessage());
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    /**
     * Seals a fixed value under {@code key}. Stored beside the entries, this key check shows whether
     * a root key matches the stored data even when every entry is damaged or there are none.
     */
    public byte[] sealKeyCheck(RootKey key) {
        return seal(key, KEY_CHECK_MAGIC, 0, new byte[0], KEY_CHECK_PLAINTEXT);
    }

    /**
     * Checks that {@code record} is a key check sealed with {@code key}.
     *
     * @throws SealedRecordException with reason {@code WRONG_KEY} or {@code AUTHENTICATION_FAILED}
     *         when {@code key} is not the key that sealed it, {@code MALFORMED} when it is no key check
     */
    public void verifyKeyCheck(RootKey key, byte[] record) throws SealedRecordException {
        byte[] plaintext = open(key, KEY_CHECK_MAGIC, new byte[0], record, KEY_CHECK_NAME);
        if (!Arrays.equals(plaintext, KEY_CHECK_PLAINTEXT)) {
            throw new SealedRecordException(SealedRecordException.Reason.MALFORMED,
                    KEY_CHECK_NAME + " is malformed: it does not hold the expected value");
        }
    }

    /** Returns the id of the key that sealed {@code record} as hex, or null when it is too short to tell. */
    public static String keyIdHex(byte[] record) {
        if (record == null || record.length < HEADER_LENGTH) {
            return null;
        }
        return HexFormat.of().formatHex(record, 5, 5 + RootKey.ID_LENGTH);
    }

    private byte[] seal(RootKey key, byte[] magic, long version, byte[] address, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH);
        header.put(magic).put(FORMAT_VERSION).put(key.id()).putLong(version);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(header.array());
            cipher.updateAAD(address);
            ByteBuffer record = ByteBuffer.allocate(HEADER_LENGTH + NONCE_LENGTH + cipher.getOutputSize(plaintext.length));
            record.put(header.array()).put(nonce);
            cipher.doFinal(ByteBuffer.wrap(plaintext), record);
            return record.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("failed to seal a record with AES-256-GCM", e);
        }
    }

    private byte[] open(RootKey key, byte[] magic, byte[] address, byte[] record, String name)
            throws SealedRecordException {
        // Check the clear header first: it picks the parser and the key, and gives precise errors.
        if (record == null || record.length < MIN_LENGTH) {
            throw new SealedRecordException(SealedRecordException.Reason.MALFORMED, name + " is malformed: it is "
                    + (record == null ? 0 : record.length) + " bytes long, shorter than the minimum of " + MIN_LENGTH);
        }
        if (!Arrays.equals(record, 0, 4, magic, 0, 4)) {
            throw new SealedRecordException(SealedRecordException.Reason.MALFORMED,
                    name + " is malformed: it does not start with the Aegis record marker");
        }
        byte format = record[4];
        if (format != FORMAT_VERSION) {
            throw new SealedRecordException(SealedRecordException.Reason.UNSUPPORTED_FORMAT, name
                    + " has format version " + format + ", but this Safe reads only version " + FORMAT_VERSION);
        }
        byte[] recordKeyId = Arrays.copyOfRange(record, 5, 5 + RootKey.ID_LENGTH);
        if (!key.hasId(recordKeyId)) {
            throw new SealedRecordException(SealedRecordException.Reason.WRONG_KEY, name
                    + " was sealed with root key " + HexFormat.of().formatHex(recordKeyId)
                    + ", but the loaded root key is " + key.idHex());
        }

        // Decrypt and verify the tag over the header, the address and the ciphertext.
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.spec(),
                    new GCMParameterSpec(TAG_BITS, record, HEADER_LENGTH, NONCE_LENGTH));
            cipher.updateAAD(record, 0, HEADER_LENGTH);
            cipher.updateAAD(address);
            int offset = HEADER_LENGTH + NONCE_LENGTH;
            return cipher.doFinal(record, offset, record.length - offset);
        } catch (AEADBadTagException e) {
            throw new SealedRecordException(SealedRecordException.Reason.AUTHENTICATION_FAILED, name
                    + " failed authentication: it was modified, or copied from another namespace or workload");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("failed to open " + name + " with AES-256-GCM", e);
        }
    }

    private static byte[] associatedData(EntryAddress address) {
        byte[] namespace = address.namespace().getBytes(StandardCharsets.US_ASCII);
        byte[] workload = address.workload().getBytes(StandardCharsets.US_ASCII);
        // DNS-1123 labels are at most 63 bytes, so one length byte each suffices.
        ByteBuffer data = ByteBuffer.allocate(2 + namespace.length + workload.length);
        data.put((byte) namespace.length).put(namespace).put((byte) workload.length).put(workload);
        return data.array();
    }
}
