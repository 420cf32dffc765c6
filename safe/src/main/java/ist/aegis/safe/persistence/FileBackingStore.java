package ist.aegis.safe.persistence;

import ist.aegis.common.validation.Dns1123;
import ist.aegis.safe.crypto.EntryAddress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

import org.jboss.logging.Logger;

/**
 * Keeps one file per entry in a directory, such as a PersistentVolume mount. An entry's file is
 * {@code <namespace>.<workload>.rec}: both parts are DNS-1123 labels, which contain no '.' or
 * '/', so the name is unique per address and cannot leave the directory. The key check lives in
 * {@value #KEY_CHECK_FILE}, which no entry name can take.
 *
 * <p>Every write goes to a new temporary file that is flushed to disk, renamed over the entry's
 * file and followed by a flush of the directory, so a crash leaves either the old or the new record,
 * never a partial one. Files and the directory are created readable by their owner only.
 *
 * <p>Thread-safe: each write uses its own temporary file, and rename is atomic on POSIX file
 * systems.
 */
public final class FileBackingStore implements BackingStore {

    /** File name suffix of entry records. */
    public static final String RECORD_SUFFIX = ".rec";

    /** File name of the key check record. */
    public static final String KEY_CHECK_FILE = "key-check";

    private static final Logger LOG = Logger.getLogger(FileBackingStore.class);
    private static final String TEMPORARY_SUFFIX = ".tmp";
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private final Path directory;
    private final SecureRandom random = new SecureRandom();

    /**
     * Opens the store in {@code directory}, creating the directory when absent and removing
     * temporary files that a crash left behind.
     *
     * @throws BackingStoreException when the directory cannot be created or read
     */
    public FileBackingStore(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
        try {
            if (!Files.isDirectory(this.directory)) {
                Files.createDirectories(this.directory, OWNER_ONLY_DIRECTORY);
            }
            removeTemporaryFiles();
        } catch (IOException e) {
            throw new BackingStoreException("failed to open the record directory " + this.directory + ": " + e, e);
        }
    }

    @Override
    public String kind() {
        return "file";
    }

    @Override
    public String location() {
        return directory.toString();
    }

    @Override
    public void write(EntryAddress address, byte[] record) {
        try {
            writeAtomically(fileFor(address), record);
        } catch (IOException e) {
            throw new BackingStoreException("failed to write the record for " + address + " to " + directory + ": " + e, e);
        }
    }

    @Override
    public Optional<byte[]> read(EntryAddress address) {
        return readFile(fileFor(address), "the record for " + address);
    }

    @Override
    public boolean delete(EntryAddress address) {
        try {
            boolean existed = Files.deleteIfExists(fileFor(address));
            if (existed) {
                syncDirectory();
            }
            return existed;
        } catch (IOException e) {
            throw new BackingStoreException("failed to delete the record for " + address + " from " + directory + ": "
                    + e, e);
        }
    }

    @Override
    public List<EntryAddress> list() {
        List<EntryAddress> addresses = new ArrayList<>();
        forEachRecordFile((address, file) -> addresses.add(address));
        return addresses;
    }

    @Override
    public void readAll(BiConsumer<EntryAddress, byte[]> consumer) {
        forEachRecordFile((address, file) -> readFile(file, "the record for " + address)
                .ifPresent(record -> consumer.accept(address, record)));
    }

    @Override
    public Optional<byte[]> readKeyCheck() {
        return readFile(directory.resolve(KEY_CHECK_FILE), "the key check record");
    }

    @Override
    public void writeKeyCheck(byte[] record) {
        try {
            writeAtomically(directory.resolve(KEY_CHECK_FILE), record);
        } catch (IOException e) {
            throw new BackingStoreException("failed to write the key check record to " + directory + ": " + e, e);
        }
    }

    /**
     * Returns the file for {@code address}. The address was validated when it was built, and is
     * checked again here because this is the step that touches the file system.
     */
    Path fileFor(EntryAddress address) {
        Dns1123.requireLabel("namespace", address.namespace());
        Dns1123.requireLabel("workload", address.workload());
        Path file = directory.resolve(address.namespace() + "." + address.workload() + RECORD_SUFFIX).normalize();
        if (!directory.equals(file.getParent())) {
            throw new IllegalArgumentException("the record file for " + address + " would leave " + directory);
        }
        return file;
    }

    /** Parses {@code <namespace>.<workload>.rec}; returns null for any other name. */
    static EntryAddress addressOf(String fileName) {
        if (!fileName.endsWith(RECORD_SUFFIX)) {
            return null;
        }
        String stem = fileName.substring(0, fileName.length() - RECORD_SUFFIX.length());
        int dot = stem.indexOf('.');
        if (dot < 0) {
            return null;
        }
        String namespace = stem.substring(0, dot);
        String workload = stem.substring(dot + 1);
        if (!Dns1123.isLabel(namespace) || !Dns1123.isLabel(workload)) {
            return null;
        }
        return new EntryAddress(namespace, workload);
    }

    private interface RecordFileVisitor {
        void visit(EntryAddress address, Path file);
    }

    private void forEachRecordFile(RecordFileVisitor visitor) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + RECORD_SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                EntryAddress address = addressOf(name);
                if (address == null) {
                    LOG.warnf("Skipping file %s in the record directory %s: its name is not <namespace>.<workload>%s",
                            name, directory, RECORD_SUFFIX);
                    continue;
                }
                visitor.visit(address, file);
            }
        } catch (IOException e) {
            throw new BackingStoreException("failed to list the record directory " + directory + ": " + e, e);
        }
    }

    private Optional<byte[]> readFile(Path file, String name) {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new BackingStoreException("failed to read " + name + " from " + file + ": " + e, e);
        }
    }

    private void writeAtomically(Path target, byte[] record) throws IOException {
        // Step 1: write and flush a temporary file beside the target, so the rename stays on one file system.
        Path temporary = directory.resolve("." + target.getFileName() + "." + randomSuffix() + TEMPORARY_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temporary,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OWNER_ONLY_FILE)) {
                ByteBuffer buffer = ByteBuffer.wrap(record);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }

            // Step 2: rename over the target, atomically replacing the previous record.
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }

        // Step 3: flush the directory so the rename itself survives a machine crash.
        syncDirectory();
    }

    private void syncDirectory() throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private String randomSuffix() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private void removeTemporaryFiles() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, ".*" + TEMPORARY_SUFFIX)) {
            for (Path file : files) {
                try {
                    Files.deleteIfExists(file);
                    LOG.infof("Removed the temporary file %s, left by an interrupted write", file.getFileName());
                } catch (IOException e) {
                    LOG.warnf("Failed to remove the temporary file %s: %s", file.getFileName(), e);
                }
            }
        }
    }
}
