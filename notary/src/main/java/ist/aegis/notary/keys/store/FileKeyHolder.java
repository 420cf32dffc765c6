package ist.aegis.notary.keys.store;

import ist.aegis.notary.keys.RotatingKeyHolder;
import ist.aegis.notary.keys.SigningKeyStoreException;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;

/**
 * Keeps the signing keys in one JSON file with mode 0600, for dev mode where no Kubernetes API
 * exists. Every write goes to a temporary file in the same directory that is then moved over the old
 * one, so a crash never leaves a half-written file. The version of the stored keys is the SHA-256 of
 * the file.
 */
public final class FileKeyHolder extends RotatingKeyHolder {

    private static final Logger LOG = Logger.getLogger(FileKeyHolder.class);

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;

    public FileKeyHolder(Path file, Clock clock, Duration rotationPeriod, Duration retention) {
        super(clock, rotationPeriod, retention);
        this.file = file.toAbsolutePath();
    }

    @Override
    public String describe() {
        return "file " + file;
    }

    @Override
    protected Stored read() {
        try {
            byte[] content = Files.readAllBytes(file);
            warnIfShared();
            return new Stored(content, digest(content));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new SigningKeyStoreException("failed to read " + describe() + ": " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    protected boolean createIfAbsent(byte[] content) {
        if (Files.exists(file)) {
            return false;
        }
        write(content);
        return true;
    }

    @Override
    protected boolean replaceIfUnchanged(byte[] content, String version) {
        // NOTE: the check and the move are two steps, which is safe for the single Notary of dev mode
        // but not for several processes sharing the file.
        Stored stored = read();
        if (stored == null || !version.equals(stored.version())) {
            return false;
        }
        write(content);
        return true;
    }

    private void write(byte[] content) {
        try {
            Path directory = file.getParent();
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            try {
                Files.write(temporary, content, StandardOpenOption.TRUNCATE_EXISTING);
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (FileAlreadyExistsException e) {
            throw new SigningKeyStoreException("failed to write " + describe() + ": a temporary file exists", e);
        } catch (IOException e) {
            throw new SigningKeyStoreException("failed to write " + describe() + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private void warnIfShared() throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(permissions)) {
            LOG.warnf("The signing-key file %s has mode %s; it holds private keys and should be 0600 (rw-------)",
                    file, PosixFilePermissions.toString(permissions));
        }
    }

    private static String digest(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("failed to digest the key file: SHA-256 is not available", e);
        }
    }
}
