package ist.aegis.safe.persistence;

import ist.aegis.safe.crypto.RootKey;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

/**
 * Keeps the root key in a file, for development where no Kubernetes API exists. The file contains
 * the key as base64 and a newline, the form {@code aegis --root-key -} reads, and has mode 0600.
 *
 * <p>The file is created with a hard link from a flushed temporary file, which fails when the file
 * already exists, so creation is atomic and never replaces a key.
 */
public final class FileRootKeyHolder implements RootKeyHolder {

    private static final Logger LOG = Logger.getLogger(FileRootKeyHolder.class);
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

    private final Path file;

    public FileRootKeyHolder(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    @Override
    public String location() {
        return "file " + file;
    }

    @Override
    public Optional<RootKey> read() {
        byte[] text;
        try {
            text = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("failed to read the root key file " + file + ": " + e, e);
        }
        warnWhenOthersCanRead();
        byte[] trimmed = trim(text);
        byte[] key = null;
        try {
            key = Base64.getDecoder().decode(trimmed);
            if (key.length != RootKey.LENGTH) {
                throw new IllegalStateException("the root key file " + file + " is invalid: it decodes to " + key.length
                        + " bytes, and a root key is " + RootKey.LENGTH + " bytes");
            }
            return Optional.of(RootKey.of(key));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the root key file " + file
                    + " is invalid: it must hold the base64 encoding of " + RootKey.LENGTH + " bytes");
        } finally {
            Arrays.fill(text, (byte) 0);
            Arrays.fill(trimmed, (byte) 0);
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    @Override
    public RootKey createIfAbsent(RootKey candidate) {
        Path directory = file.getParent();
        Path temporary = directory.resolve("." + file.getFileName() + ".tmp");
        byte[] key = candidate.encoded();
        byte[] text = null;
        try {
            Files.createDirectories(directory,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.deleteIfExists(temporary);

            // Write and flush the key to a temporary file that only the owner can read.
            text = encode(key);
            try (FileChannel channel = FileChannel.open(temporary,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE))) {
                ByteBuffer buffer = ByteBuffer.wrap(text);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }

            // Link it into place: this fails when a key file exists, and never replaces it.
            try {
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException e) {
                LOG.infof("The root key file %s already exists, so Safe uses the key in it", file);
                return read().orElseThrow(() -> new IllegalStateException("the root key file " + file
                        + " disappeared while Safe was creating it"));
            }
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            }
            return candidate;
        } catch (IOException e) {
            throw new IllegalStateException("failed to create the root key file " + file + ": " + e, e);
        } finally {
            Arrays.fill(key, (byte) 0);
            if (text != null) {
                Arrays.fill(text, (byte) 0);
            }
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                LOG.warnf("Failed to remove the temporary root key file %s: %s", temporary, e);
            }
        }
    }

    private void warnWhenOthersCanRead() {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_READ_WRITE.containsAll(permissions)) {
                LOG.warnf("The root key file %s has mode %s: make it readable by its owner only (chmod 600)", file,
                        PosixFilePermissions.toString(permissions));
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warnf("Failed to check the mode of the root key file %s: %s", file, e);
        }
    }

    private static byte[] encode(byte[] key) {
        byte[] encoded = Base64.getEncoder().encode(key);
        byte[] line = Arrays.copyOf(encoded, encoded.length + 1);
        line[encoded.length] = '\n';
        Arrays.fill(encoded, (byte) 0);
        return line;
    }

    /** Returns a copy of {@code text} without ASCII whitespace at either end. */
    static byte[] trim(byte[] text) {
        int start = 0;
        int end = text.length;
        while (start < end && isWhitespace(text[start])) {
            start++;
        }
        while (end > start && isWhitespace(text[end - 1])) {
            end--;
        }
        return Arrays.copyOfRange(text, start, end);
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
