package ist.aegis.notary.keys.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ist.aegis.notary.keys.KeyRing;
import ist.aegis.notary.keys.KeyRingCodec;
import ist.aegis.common.testing.SettableClock;
import ist.aegis.notary.keys.SigningKeyStoreException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

class FileKeyHolderTest {

    private static final Instant START = Instant.parse("2026-12-04T20:00:00Z");
    private static final Duration PERIOD = Duration.ofHours(24);
    private static final Duration RETENTION = Duration.ofMinutes(6);

    @TempDir
    Path directory;

    @Test
    void firstRefreshWritesOwnerOnlyFile() throws Exception {
        Path file = directory.resolve("dev/notary-keys.json");

        KeyRing ring = new FileKeyHolder(file, new SettableClock(START), PERIOD, RETENTION).refresh();

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(ring.current().keyId(), KeyRingCodec.decode(Files.readAllBytes(file)).current().keyId());
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "a temporary file was left behind");
        }
    }

    @Test
    void keySurvivesRestart() {
        Path file = directory.resolve("notary-keys.json");
        SettableClock clock = new SettableClock(START);
        KeyRing before = new FileKeyHolder(file, clock, PERIOD, RETENTION).refresh();

        KeyRing after = new FileKeyHolder(file, clock, PERIOD, RETENTION).refresh();

        assertEquals(before.current().keyId(), after.current().keyId());
        assertEquals(before.current().privateKey(), after.current().privateKey());
    }

    @Test
    void rotationKeepsBothKeys() throws Exception {
        Path file = directory.resolve("notary-keys.json");
        SettableClock clock = new SettableClock(START);
        FileKeyHolder holder = new FileKeyHolder(file, clock, PERIOD, RETENTION);
        String first = holder.refresh().current().keyId();

        clock.advance(PERIOD);
        KeyRing rotated = holder.refresh();

        assertNotEquals(first, rotated.current().keyId());
        assertEquals(2, holder.publishedKeys().size());
        KeyRing stored = KeyRingCodec.decode(Files.readAllBytes(file));
        assertEquals(rotated.current().keyId(), stored.current().keyId());
        assertEquals(first, stored.previous().keyId());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void changedFileIsNotOverwritten() throws Exception {
        Path file = directory.resolve("notary-keys.json");
        FileKeyHolder holder = new FileKeyHolder(file, new SettableClock(START), PERIOD, RETENTION);
        holder.refresh();
        byte[] next = Files.readAllBytes(file);

        assertFalse(holder.replaceIfUnchanged(next, "0000"), "a replace at a stale version succeeded");
        assertFalse(holder.createIfAbsent(next), "a create over an existing file succeeded");
        assertTrue(holder.replaceIfUnchanged(next, holder.read().version()), "a replace at the current version failed");
    }

    @Test
    void unreadableFileRejected() throws Exception {
        Path file = directory.resolve("notary-keys.json");
        Files.writeString(file, "not json");

        SigningKeyStoreException e = assertThrows(SigningKeyStoreException.class,
                () -> new FileKeyHolder(file, new SettableClock(START), PERIOD, RETENTION).refresh());
        assertEquals("failed to read the signing keys in file " + file + ": the content is not JSON", e.getMessage());
    }
}
