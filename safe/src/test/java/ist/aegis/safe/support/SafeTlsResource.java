package ist.aegis.safe.support;

import ist.aegis.common.identity.SystemComponent;
import ist.aegis.common.tls.ComponentCertificates;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a fresh Aegis CA and component certificates to a temporary directory before Safe starts,
 * and points Safe's TLS settings at them. Tests find the directory through {@link TestTls#directory()}.
 */
public class SafeTlsResource implements QuarkusTestResourceLifecycleManager {

    static final String DIRECTORY_PROPERTY = "aegis.test.tls-directory";

    private Path directory;

    @Override
    public Map<String, String> start() {
        try {
            directory = Files.createTempDirectory("aegis-safe-tls");
            ComponentCertificates.writeLocal(directory, TestTls.TRUST_DOMAIN, Duration.ofDays(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty(DIRECTORY_PROPERTY, directory.toString());
        return Map.of(
                "safe.trust-domain", TestTls.TRUST_DOMAIN,
                "safe.tls.certificate", ComponentCertificates.certificatePath(directory, SystemComponent.SAFE).toString(),
                "safe.tls.key", ComponentCertificates.keyPath(directory, SystemComponent.SAFE).toString(),
                "safe.tls.ca", ComponentCertificates.caPath(directory).toString(),
                "safe.tls.reload-period", "PT1S");
    }

    @Override
    public void stop() {
        System.clearProperty(DIRECTORY_PROPERTY);
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
