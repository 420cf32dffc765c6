package ist.aegis.notary;

import ist.aegis.common.identity.SystemComponent;
import ist.aegis.common.tls.ComponentCertificates;
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
 * time and points {@code notary.tls.*} at them.
 */
public class NotaryTlsResource implements QuarkusTestResourceLifecycleManager {

    private static volatile Path directory;

    @Override
    public Map<String, String> start() {
        try {
            directory = Files.createTempDirectory("notary-tls");
            ComponentCertificates.writeLocal(directory, "aegis.ist", Duration.ofDays(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "notary.tls.certificate", ComponentCertificates.certificatePath(directory, SystemComponent.NOTARY).toString(),
                "notary.tls.key", ComponentCertificates.keyPath(directory, SystemComponent.NOTARY).toString(),
                "notary.tls.ca", ComponentCertificates.caPath(directory).toString());
    }

    @Override
    public void stop() {
    }

    /** A trust store holding only the generated CA. */
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
