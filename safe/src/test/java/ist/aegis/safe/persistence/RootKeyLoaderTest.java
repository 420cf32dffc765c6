package ist.aegis.safe.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ist.aegis.safe.crypto.EntryAddress;
import ist.aegis.safe.crypto.EntryCipher;
import ist.aegis.safe.crypto.RootKey;
import ist.aegis.safe.crypto.RootKeyNotLoadedException;
import ist.aegis.safe.crypto.RootKeySlot;
import ist.aegis.safe.store.SecretAddress;
import ist.aegis.safe.store.SecretEntry;
import ist.aegis.safe.store.SecretStore;
import ist.aegis.safe.store.StoreLimits;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up and recovery of Safe's persistence over a real file store and a real key file. */
class RootKeyLoaderTest {

    private static final SecretAddress BILLING = new SecretAddress("team-a", "billing");
    private static final SecretAddress PAYROLL = new SecretAddress("team-a", "payroll");
    private static final SecretAddress OTHER = new SecretAddress("team-b", "reports");
    private static final byte[] BILLING_VALUE = "billing-password-4711".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path temporary;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-04T20:00:00Z"), ZoneOffset.UTC);
    private final List<String> logLines = new ArrayList<>();
    private final Handler logCapture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getParameters() == null ? record.getMessage()
                    : String.format(record.getMessage(), record.getParameters());
            synchronized (logLines) {
                logLines.add(message);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** One Safe process: its own store, slot and secret store over the shared directory and key file. */
    private final class Safe {
        final FileBackingStore store = new FileBackingStore(directory());
        final RootKeySlot slot = new RootKeySlot();
        final SecretStore secrets = new SecretStore(clock, StoreLimits.defaults());
        final RootKeyLoader loader = new RootKeyLoader(store, new EntryCipher(random), slot, secrets);

        Safe() {
            secrets.setCommitter(new EncryptedCommitter(store, new EntryCipher(random), slot));
        }

        RestoreReport start() {
            return loader.loadOrCreate(new FileRootKeyHolder(keyFile()), random);
        }
    }

    @BeforeEach
    void captureLog() {
        Logger.getLogger(RootKeyLoader.class.getName()).addHandler(logCapture);
    }

    @AfterEach
    void releaseLog() {
        Logger.getLogger(RootKeyLoader.class.getName()).removeHandler(logCapture);
    }

    private Path directory() {
        return temporary.resolve("data");
    }

    private Path keyFile() {
        return temporary.resolve("root-key");
    }

    /** Starts a Safe on an empty directory and stores three entries, one with two values. */
    private Safe seeded() {
        Safe safe = new Safe();
        safe.start();
        safe.secrets.put(BILLING, BILLING_VALUE.clone(), false);
        safe.secrets.put(BILLING, "second".getBytes(StandardCharsets.UTF_8), true);
        safe.secrets.put(PAYROLL, "payroll".getBytes(StandardCharsets.UTF_8), false);
        safe.secrets.put(OTHER, "reports".getBytes(StandardCharsets.UTF_8), false);
        return safe;
    }

    private String storeLocation() {
        return directory().toAbsolutePath().normalize().toString();
    }

    @Test
    void firstStartGeneratesKeyFile() throws Exception {
        Safe safe = new Safe();

        RestoreReport report = safe.start();

        assertTrue(safe.slot.isLoaded());
        assertEquals(0, report.restored());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile())));
        assertEquals(safe.slot.current().idHex(), new FileRootKeyHolder(keyFile()).read().orElseThrow().idHex());
        assertTrue(safe.store.readKeyCheck().isPresent());
    }

    @Test
    void restartRestoresEveryEntry() {
        Safe first = seeded();
        first.secrets.delete(PAYROLL);

        Safe second = new Safe();
        RestoreReport report = second.start();

        assertEquals(2, report.restored());
        assertEquals(Map.of(), report.skipped());
        assertEquals(List.of(BILLING, OTHER), second.secrets.list().stream().map(SecretEntry::address).toList());
        SecretEntry billing = second.secrets.get(BILLING).orElseThrow();
        SecretEntry before = first.secrets.get(BILLING).orElseThrow();
        assertEquals(List.of("billing-password-4711", "second"), billing.valuesAsText());
        assertEquals(before.created(), billing.created());
        assertEquals(before.updated(), billing.updated());
        assertEquals(2, billing.version());
    }

    @Test
    void storedFilesNeverContainPlaintext() throws Exception {
        seeded();

        try (Stream<Path> files = Files.list(directory())) {
            for (Path file : files.toList()) {
                byte[] bytes = Files.readAllBytes(file);
                assertEquals(-1, indexOf(bytes, BILLING_VALUE), file + " contains a value");
                assertEquals(-1, indexOf(bytes, "payroll".getBytes(StandardCharsets.UTF_8)), file + " contains a value");
            }
        }
    }

    @Test
    void changeWithoutKeyIsNotApplied() {
        Safe safe = new Safe();

        assertThrows(RootKeyNotLoadedException.class, () -> safe.secrets.put(BILLING, BILLING_VALUE.clone(), false));

        assertTrue(safe.secrets.get(BILLING).isEmpty());
        assertFalse(safe.store.hasData());
    }

    @Test
    void dataWithoutKeyIsRefused() throws Exception {
        seeded();
        Files.delete(keyFile());
        Safe second = new Safe();

        IllegalStateException e = assertThrows(IllegalStateException.class, second::start);

        assertEquals("Safe cannot start: the file store (" + storeLocation() + ") contains data, but the root key file "
                + keyFile() + " is missing, so Safe cannot open the data and will not generate a new key over it."
                + " Restore the root key from your backup to file " + keyFile() + " and restart Safe. To start empty"
                + " instead, losing every stored secret, move the data out of the store first", e.getMessage());
        assertFalse(Files.exists(keyFile()), "no key may be generated over existing data");
        assertFalse(second.slot.isLoaded());
        assertTrue(logLines.contains(e.getMessage()), "the refusal is logged: " + logLines);
    }

    @Test
    void keyCheckAloneCountsAsData() throws Exception {
        new Safe().start();
        Files.delete(keyFile());

        assertThrows(IllegalStateException.class, () -> new Safe().start());

        assertFalse(Files.exists(keyFile()));
    }

    @Test
    void differentKeyIsRefused() throws Exception {
        Safe first = seeded();
        String originalId = first.slot.current().idHex();
        Files.delete(keyFile());
        RootKey other = new FileRootKeyHolder(keyFile()).createIfAbsent(RootKey.generate(random));
        Safe second = new Safe();

        IllegalStateException e = assertThrows(IllegalStateException.class, second::start);

        assertEquals("Safe cannot start: root key " + other.idHex() + " does not match the data in the file store ("
                + storeLocation() + "): the key check record was sealed with root key " + originalId
                + ", but the loaded root key is " + other.idHex() + ". Put the root key that sealed this data in file "
                + keyFile() + " and restart Safe. Safe never replaces a root key over existing data", e.getMessage());
        assertFalse(second.slot.isLoaded());
        assertEquals(0, second.secrets.size());
        assertEquals(other.idHex(), new FileRootKeyHolder(keyFile()).read().orElseThrow().idHex());
    }

    @Test
    void differentKeyIsRefusedWithoutKeyCheck() throws Exception {
        seeded();
        Files.delete(directory().resolve(FileBackingStore.KEY_CHECK_FILE));
        Files.delete(keyFile());
        RootKey other = new FileRootKeyHolder(keyFile()).createIfAbsent(RootKey.generate(random));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Safe().start());

        assertEquals("Safe cannot start: root key " + other.idHex() + " does not match the data in the file store ("
                + storeLocation() + "): it opens none of its 3 records, and the store has no valid key check. Put the"
                + " root key that sealed this data in file " + keyFile() + " and restart Safe. Safe never replaces a"
                + " root key over existing data", e.getMessage());
        assertFalse(Files.exists(directory().resolve(FileBackingStore.KEY_CHECK_FILE)));
    }

    @Test
    void missingKeyCheckIsRewritten() throws Exception {
        seeded();
        Files.delete(directory().resolve(FileBackingStore.KEY_CHECK_FILE));

        RestoreReport report = new Safe().start();

        assertEquals(3, report.restored());
        assertTrue(Files.exists(directory().resolve(FileBackingStore.KEY_CHECK_FILE)));
    }

    @Test
    void corruptedRecordIsSkippedAndLogged() throws Exception {
        seeded();
        Path billingFile = directory().resolve("team-a.billing.rec");
        byte[] bytes = Files.readAllBytes(billingFile);
        bytes[bytes.length - 1] ^= 0x01;
        Files.write(billingFile, bytes);

        Safe second = new Safe();
        RestoreReport report = second.start();

        assertEquals(2, report.restored());
        String reason = "record for team-a/billing failed authentication: it was modified, or copied from another"
                + " namespace or workload";
        assertEquals(Map.of(new EntryAddress("team-a", "billing"), reason), report.skipped());
        assertTrue(second.secrets.get(BILLING).isEmpty(), "a damaged record is never served");
        assertTrue(second.secrets.get(PAYROLL).isPresent());
        assertTrue(logLines.contains("Skipped the record for team-a/billing, which is not served: " + reason),
                "the skipped record is logged by name: " + logLines);
    }

    @Test
    void recordCopiedToAnotherAddressIsSkipped() throws Exception {
        seeded();
        Files.copy(directory().resolve("team-a.billing.rec"), directory().resolve("team-b.billing.rec"),
                StandardCopyOption.REPLACE_EXISTING);

        RestoreReport report = new Safe().start();

        assertEquals(3, report.restored());
        assertEquals(List.of(new EntryAddress("team-b", "billing")), List.copyOf(report.skipped().keySet()));
    }

    @Test
    void manualLoadChecksKeyThenLoadsOnce() throws Exception {
        Safe first = seeded();
        byte[] original = new FileRootKeyHolder(keyFile()).read().orElseThrow().encoded();
        Safe manual = new Safe();

        assertThrows(RootKeyMismatchException.class, () -> manual.loader.load(RootKey.generate(random)));
        assertFalse(manual.slot.isLoaded());

        RestoreReport report = manual.loader.load(RootKey.of(original));
        assertEquals(3, report.restored());
        assertArrayEquals(first.secrets.get(PAYROLL).orElseThrow().values().get(0),
                manual.secrets.get(PAYROLL).orElseThrow().values().get(0));

        RootKeyAlreadyLoadedException e = assertThrows(RootKeyAlreadyLoadedException.class,
                () -> manual.loader.load(RootKey.of(original)));
        assertEquals("a root key is already loaded (key id " + first.slot.current().idHex()
                + "): restart Safe to load another", e.getMessage());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
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
