package ist.aegis.safe.config;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.CertificateUpdatedEvent;
import io.quarkus.tls.TlsConfigurationRegistry;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.HexFormat;

/**
 * Logs when the TLS configuration {@code safe} reloads with a different certificate or CA bundle.
 * The registry reloads the files every reload period whether they changed or not. Quarkus's own line
 * for each reload is turned down to WARN in application.properties, so this bean logs only real
 * changes, with the certificate's subject, serial and expiry.
 */
@Singleton
public class TlsReloadLog {

    static final String TLS_CONFIGURATION = "safe";

    private static final Logger LOG = Logger.getLogger(TlsReloadLog.class);

    private final TlsConfigurationRegistry registry;
    private String lastFingerprint;

    TlsReloadLog(TlsConfigurationRegistry registry) {
        this.registry = registry;
    }

    synchronized void onUpdate(@Observes CertificateUpdatedEvent event) {
        if (!TLS_CONFIGURATION.equals(event.name())) {
            return;
        }
        KeyStore keyStore = event.tlsConfiguration().getKeyStore();
        KeyStore trustStore = event.tlsConfiguration().getTrustStore();
        String fingerprint = fingerprint(keyStore) + "/" + fingerprint(trustStore);
        if (fingerprint.equals(lastFingerprint)) {
            return;
        }
        boolean first = lastFingerprint == null;
        lastFingerprint = fingerprint;
        if (first) {
            return;
        }
        X509Certificate leaf = leaf(keyStore);
        if (leaf == null) {
            LOG.info("TLS configuration 'safe' reloaded with a new certificate or CA bundle");
            return;
        }
        LOG.infof("TLS configuration 'safe' reloaded with a new certificate or CA bundle: subject %s, serial %s,"
                + " valid until %s", leaf.getSubjectX500Principal().getName(), leaf.getSerialNumber().toString(16),
                leaf.getNotAfter().toInstant());
    }

    // Records the certificates in use at start, so that the first periodic reload is not reported as a change.
    synchronized void onStart(@Observes StartupEvent event) {
        registry.get(TLS_CONFIGURATION).ifPresent(configuration -> lastFingerprint =
                fingerprint(configuration.getKeyStore()) + "/" + fingerprint(configuration.getTrustStore()));
    }

    private static String fingerprint(KeyStore store) {
        if (store == null) {
            return "none";
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String alias : Collections.list(store.aliases())) {
                Certificate[] chain = store.getCertificateChain(alias);
                if (chain == null) {
                    chain = new Certificate[] {store.getCertificate(alias)};
                }
                for (Certificate certificate : chain) {
                    if (certificate != null) {
                        digest.update(certificate.getEncoded());
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (GeneralSecurityException e) {
            return "unreadable";
        }
    }

    private static X509Certificate leaf(KeyStore store) {
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.getCertificate(alias) instanceof X509Certificate certificate) {
                    return certificate;
                }
            }
        } catch (GeneralSecurityException e) {
            return null;
        }
        return null;
    }
}
