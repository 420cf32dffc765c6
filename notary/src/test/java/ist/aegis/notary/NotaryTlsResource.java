package ist.aegis.notary;

import ist.aegis.common.identity.SystemComponent;
import ist.aegis.common.tls.ComponentCertificates;
import ist.aegis.common.tls.IssuedCertificate;
import ist.aegis.common.tls.Pem;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;

/**
 * Generates a CA and Notary's certificate (valid for localhost) in a temporary directory at test
 * time and points {@code notary.tls.*} at them, read again every second.
 */
public class NotaryTlsResource implements QuarkusTestResourceLifecycleManager {

    private static volatile Path directory;
    private static volatile IssuedCertificate ca;

    @Override
    public Map<String, String> start() {
        try {
            directory = Files.createTempDirectory("notary-tls");
            ca = ComponentCertificates.writeLocal(directory, "aegis.ist", Duration.ofDays(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "notary.tls.certificate", ComponentCertificates.certificatePath(directory, SystemComponent.NOTARY).toString(),
                "notary.tls.key", ComponentCertificates.keyPath(directory, SystemComponent.NOTARY).toString(),
                "notary.tls.ca", ComponentCertificates.caPath(directory).toString(),
                "notary.tls.reload-period", "PT1S");
    }

    @Override
    public void stop() {
    }

    /** Returns the generated CA, to issue further certificates. */
    public static IssuedCertificate ca() {
        return ca;
    }

    /** Returns the directory that contains the certificate files. */
    public static Path directory() {
        return directory;
    }

    /** Returns a trust store that contains only the generated CA. */
    public static KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            X509Certificate ca = Pem.readCertificates(ComponentCertificates.caPath(directory)).get(0);
            store.setCertificateEntry("aegis-ca", ca);
            return store;
        } catch (Exception e) {
            throw new IllegalStateException("failed to build the test trust store", e);
        }
    }
}
