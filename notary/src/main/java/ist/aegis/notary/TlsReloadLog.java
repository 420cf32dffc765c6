package ist.aegis.notary;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.CertificateUpdatedEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.util.Collections;

/**
 * Logs a changed serving certificate after the TLS registry reloads the configuration
 * {@value #CONFIGURATION}. The registry reloads on every period whether or not the files changed,
 * so only a new leaf certificate (another serial number or issuer) is logged.
 */
@Singleton
public class TlsReloadLog {

    static final String CONFIGURATION = "notary";

    private static final Logger LOG = Logger.getLogger(TlsReloadLog.class);

    private final TlsConfigurationRegistry registry;
    private String servedCertificate;

    TlsReloadLog(TlsConfigurationRegistry registry) {
        this.registry = registry;
    }

    synchronized void start(@Observes StartupEvent event) {
        registry.get(CONFIGURATION).ifPresent(configuration -> servedCertificate = describe(configuration));
    }

    synchronized void reloaded(@Observes CertificateUpdatedEvent event) {
        if (!CONFIGURATION.equals(event.name())) {
            return;
        }
        String reloaded = describe(event.tlsConfiguration());
        if (!reloaded.equals(servedCertificate)) {
            LOG.infof("Reloaded TLS configuration '%s': now serving %s", CONFIGURATION, reloaded);
            servedCertificate = reloaded;
        }
    }

    private static String describe(TlsConfiguration configuration) {
        KeyStore keyStore = configuration.getKeyStore();
        try {
            for (String alias : Collections.list(keyStore.aliases())) {
                if (keyStore.getCertificate(alias) instanceof X509Certificate leaf) {
                    return "certificate serial " + leaf.getSerialNumber().toString(16) + " issued by "
                            + leaf.getIssuerX500Principal().getName() + ", valid until " + leaf.getNotAfter().toInstant();
                }
            }
            return "no certificate";
        } catch (KeyStoreException e) {
            return "an unreadable key store";
        }
    }
}
