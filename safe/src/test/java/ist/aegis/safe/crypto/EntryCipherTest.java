package ist.aegis.safe.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class EntryCipherTest {

    private static final EntryAddress ADDRESS = new EntryAddress("team-a", "billing");
    private static final byte[] PLAINTEXT = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);

    private final SecureRandom random = new SecureRandom();
    private final EntryCipher cipher = new EntryCipher(random);
    private final RootKey key = RootKey.generate(random);

    private EntryRecord entry(EntryAddress address) {
        return new EntryRecord(address, List.of(PLAINTEXT.clone(), "second".getBytes(StandardCharsets.UTF_8)),
                Instant.parse("2026-12-04T10:15:30.123456789Z"), Instant.parse("2026-12-04T11:00:00Z"), 7);
    }

    @Test
    void sealThenOpenReturnsEntry() throws SealedRecordException {
        byte[] record = cipher.seal(key, entry(ADDRESS));

        EntryRecord opened = cipher.open(key, ADDRESS, record);

        assertEquals(ADDRESS, opened.address());
        assertEquals(2, opened.values().size());
        assertArrayEquals(PLAINTEXT, opened.values().get(0));
        assertArrayEquals("second".getBytes(StandardCharsets.UTF_8), opened.values().get(1));
        assertEquals(Instant.parse("2026-12-04T10:15:30.123456789Z"), opened.created());
        assertEquals(Instant.parse("2026-12-04T11:00:00Z"), opened.updated());
        assertEquals(7, opened.version());
    }

    @Test
    void recordNeverContainsPlaintext() {
        byte[] record = cipher.seal(key, entry(ADDRESS));

        assertEquals(-1, indexOf(record, PLAINTEXT));
        assertEquals(-1, indexOf(record, "second".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void twoSealsOfOneEntryDiffer() {
        byte[] first = cipher.seal(key, entry(ADDRESS));
        byte[] second = cipher.seal(key, entry(ADDRESS));

        assertFalse(Arrays.equals(first, second));
    }

    @Test
    void everyFlippedByteFails() {
        byte[] record = cipher.seal(key, entry(ADDRESS));

        for (int i = 0; i < record.length; i++) {
            byte[] damaged = record.clone();
            damaged[i] ^= 0x01;
            int position = i;
            assertThrows(SealedRecordException.class, () -> cipher.open(key, ADDRESS, damaged),
                    "flipping byte " + position + " must fail");
        }
    }

    @Test
    void flippedCiphertextByteFailsAuthentication() {
        byte[] record = cipher.seal(key, entry(ADDRESS));
        record[record.length - 20] ^= 0x40;

        SealedRecordException e = assertThrows(SealedRecordException.class, () -> cipher.open(key, ADDRESS, record));

        assertEquals(SealedRecordException.Reason.AUTHENTICATION_FAILED, e.reason());
        assertEquals("record for team-a/billing failed authentication: it was modified, or copied from another"
                + " namespace or workload", e.getMessage());
    }

    @Test
    void recordMovedToAnotherWorkloadFails() {
        byte[] record = cipher.seal(key, entry(ADDRESS));
        EntryAddress other = new EntryAddress("team-a", "payroll");

        SealedRecordException e = assertThrows(SealedRecordException.class, () -> cipher.open(key, other, record));

        assertEquals(SealedRecordException.Reason.AUTHENTICATION_FAILED, e.reason());
        assertEquals("record for team-a/payroll failed authentication: it was modified, or copied from another"
                + " namespace or workload", e.getMessage());
    }

    @Test
    void recordMovedToAnotherNamespaceFails() {
        byte[] record = cipher.seal(key, entry(ADDRESS));

        SealedRecordException e = assertThrows(SealedRecordException.class,
                () -> cipher.open(key, new EntryAddress("team-b", "billing"), record));

        assertEquals(SealedRecordException.Reason.AUTHENTICATION_FAILED, e.reason());
    }

    @Test
    void changedHeaderVersionFailsAuthentication() {
        byte[] record = cipher.seal(key, entry(ADDRESS));
        record[4 + 1 + 8 + 7] = 8;

        SealedRecordException e = assertThrows(SealedRecordException.class, () -> cipher.open(key, ADDRESS, record));

        assertEquals(SealedRecordException.Reason.AUTHENTICATION_FAILED, e.reason());
    }

    @Test
    void wrongKeyFailsNamingBothKeyIds() {
        byte[] record = cipher.seal(key, entry(ADDRESS));
        RootKey other = RootKey.generate(random);

        SealedRecordException e = assertThrows(SealedRecordException.class, () -> cipher.open(other, ADDRESS, record));

        assertEquals(SealedRecordException.Reason.WRONG_KEY, e.reason());
        assertEquals("record for team-a/billing was sealed with root key " + key.idHex()
                + ", but the loaded root key is " + other.idHex(), e.getMessage());
    }

    @Test
    void wrongKeyWithForgedKeyIdFailsAuthentication() {
        byte[] record = cipher.seal(key, entry(ADDRESS));
        RootKey other = RootKey.generate(random);
        System.arraycopy(other.id(), 0, record, 5, RootKey.ID_LENGTH);

        SealedRecordException e = assertThrows(SealedRecordException.class, () -> cipher.open(other, ADDRESS, record));

        assertEquals(SealedRecordException.Reason.AUTHENTICATION_FAILED, e.reason());
    }

    @Test
    void unknownFormatVersionIsNamed() {
        byte[] record = cipher.seal(key, entry(ADDRESS));
        record[4] = 2;

        SealedRecordException e = assertThrows(SealedRecordException.class, () -> cipher.open(key, ADDRESS, record));

        assertEquals(SealedRecordException.Reason.UNSUPPORTED_FORMAT, e.reason());
        assertEquals("record for team-a/billing has format version 2, but this Safe reads only version 1",
                e.getMessage());
    }

    @Test
    void truncatedRecordIsMalformed() {
        byte[] record = Arrays.copyOf(cipher.seal(key, entry(ADDRESS)), 40);

        SealedRecordException e = assertThrows(SealedRecordException.class, () -> cipher.open(key, ADDRESS, record));

        assertEquals(SealedRecordException.Reason.MALFORMED, e.reason());
        assertEquals("record for team-a/billing is malformed: it is 40 bytes long, shorter than the minimum of 49",
                e.getMessage());
    }

    @Test
    void emptyEntryRoundTrips() throws SealedRecordException {
        EntryRecord empty = new EntryRecord(ADDRESS, List.of(), Instant.EPOCH, Instant.EPOCH, 1);

        EntryRecord opened = cipher.open(key, ADDRESS, cipher.seal(key, empty));

        assertEquals(0, opened.values().size());
        assertEquals(1, opened.version());
    }

    @Test
    void keyCheckVerifiesOnlyWithItsKey() throws SealedRecordException {
        byte[] check = cipher.sealKeyCheck(key);

        cipher.verifyKeyCheck(key, check);
        SealedRecordException e = assertThrows(SealedRecordException.class,
                () -> cipher.verifyKeyCheck(RootKey.generate(random), check));
        assertEquals(SealedRecordException.Reason.WRONG_KEY, e.reason());
    }

    @Test
    void entryRecordIsNoKeyCheck() {
        byte[] record = cipher.seal(key, entry(ADDRESS));

        SealedRecordException e = assertThrows(SealedRecordException.class, () -> cipher.verifyKeyCheck(key, record));

        assertEquals("the key check record is malformed: it does not start with the Aegis record marker",
                e.getMessage());
    }

    @Test
    void keyIdHexReadsHeader() {
        assertEquals(key.idHex(), EntryCipher.keyIdHex(cipher.seal(key, entry(ADDRESS))));
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
