package ist.aegis.safe.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ist.aegis.safe.crypto.EntryAddress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBackingStoreTest extends BackingStoreContractTest {

    @TempDir
    Path temporary;

    private Path directory() {
        return temporary.resolve("records");
    }

    @Override
    BackingStore newStore() {
        return new FileBackingStore(directory());
    }

    @Override
    BackingStore reopenStore() {
        return new FileBackingStore(directory());
    }

    @Test
    void fileNameIsNamespaceDotWorkload() {
        FileBackingStore store = new FileBackingStore(directory());
        store.write(new EntryAddress("team-a", "billing"), new byte[] {1, 2, 3});

        assertTrue(Files.isRegularFile(directory().resolve("team-a.billing.rec")));
        assertEquals(directory().toAbsolutePath(), store.fileFor(new EntryAddress("team-a", "billing")).getParent());
    }

    @Test
    void filesAreOwnerOnly() throws Exception {
        FileBackingStore store = new FileBackingStore(directory());
        store.write(new EntryAddress("team-a", "billing"), new byte[] {1});
        store.writeKeyCheck(new byte[] {2});

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory())));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(directory().resolve("team-a.billing.rec"))));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(directory().resolve("key-check"))));
    }

    @Test
    void foreignFilesAreSkipped() throws Exception {
        FileBackingStore store = new FileBackingStore(directory());
        store.write(new EntryAddress("team-a", "billing"), new byte[] {1});
        Files.write(directory().resolve("notes.rec"), new byte[] {9});
        Files.write(directory().resolve("Team_A.billing.rec"), new byte[] {9});
        Files.write(directory().resolve("a.b.c.rec"), new byte[] {9});

        assertEquals(List.of(new EntryAddress("team-a", "billing")), store.list());
    }

    @Test
    void addressOfRejectsUnsafeNames() {
        assertEquals(new EntryAddress("team-a", "billing"), FileBackingStore.addressOf("team-a.billing.rec"));
        assertNull(FileBackingStore.addressOf("..rec"));
        assertNull(FileBackingStore.addressOf("team-a.billing"));
        assertNull(FileBackingStore.addressOf("team-a.bil/ling.rec"));
        assertNull(FileBackingStore.addressOf("team-a...rec"));
    }

    @Test
    void temporaryFilesFromACrashAreRemoved() throws Exception {
        new FileBackingStore(directory());
        Path leftover = directory().resolve(".team-a.billing.rec.0123456789abcdef.tmp");
        Files.write(leftover, new byte[] {1});

        new FileBackingStore(directory());

        assertFalse(Files.exists(leftover));
    }
}
