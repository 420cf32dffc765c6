package ist.aegis.notary;

import ist.aegis.notary.attest.Attestor;
import ist.aegis.notary.keys.KeyRing;
import ist.aegis.notary.keys.SigningKeyHolder;
import ist.aegis.notary.keys.store.SigningKeyHolderProducer;
import ist.aegis.notary.token.SvidMinter;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts Notary: checks the configuration, loads (or creates) the signing keys, logs the effective
 * configuration, and schedules the periodic key refresh that rotates keys when due. Start-up fails
 * when the configuration is invalid or the key store cannot be read, so that Kubernetes restarts the
 * pod rather than routing requests to a Notary that cannot sign.
 */
@Singleton
public class NotaryStartup {

    private static final Logger LOG = Logger.getLogger(NotaryStartup.class);

    private final NotaryConfig config;
    private final SigningKeyHolder keys;
    private final Attestor attestor;
    private final String version;
    private ScheduledExecutorService refresher;

    NotaryStartup(NotaryConfig config, SigningKeyHolder keys, Attestor attestor,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.config = config;
        this.keys = keys;
        this.attestor = attestor;
        this.version = version;
    }

    void start(@Observes StartupEvent event) {
        check(config);
        KeyRing ring = keys.refresh();

        LOG.infof("Notary %s started: issuer %s, trust domain %s, token audience %s, SVID lifetime %s,"
                + " key rotation period %s, signing keys in %s (current key %s, read every %s), attestor %s%s,"
                + " TLS certificate %s, key %s, CA %s (read every %s)", version, config.issuer(), config.trustDomain(),
                config.tokenAudience(), config.svidLifetime(), config.keyRotationPeriod(), keys.describe(),
                ring.current().keyId(), config.signingKey().refreshPeriod(), attestor.kind(), attestorDetail(),
                config.tls().certificate(), config.tls().key(), config.tls().ca(), config.tls().reloadPeriod());

        long periodMillis = config.signingKey().refreshPeriod().toMillis();
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "notary-key-refresh");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::refreshKeys, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (refresher != null) {
            refresher.shutdownNow();
        }
        LOG.info("Notary stopped");
    }

    /**
     * Checks the limits that the configuration types cannot express.
     *
     * @throws IllegalStateException naming the property and its rule
     */
    static void check(NotaryConfig config) {
        Duration lifetime = config.svidLifetime();
        if (lifetime.isZero() || lifetime.isNegative() || lifetime.compareTo(SvidMinter.MAX_LIFETIME) > 0) {
            throw new IllegalStateException("'notary.svid-lifetime' " + lifetime + " is invalid: it must be positive"
                    + " and at most " + SvidMinter.MAX_LIFETIME);
        }
        // A retired key stays published for one token lifetime plus a margin. The ring contains only one
        // previous key, so the next rotation must not come sooner.
        Duration minimumPeriod = lifetime.plus(SigningKeyHolderProducer.VERIFIER_LEEWAY_MARGIN);
        if (config.keyRotationPeriod().compareTo(minimumPeriod) < 0) {
            throw new IllegalStateException("'notary.key-rotation-period' " + config.keyRotationPeriod()
                    + " is invalid: it must be at least notary.svid-lifetime plus one minute (" + minimumPeriod + ")");
        }
        if (config.signingKey().refreshPeriod().isZero() || config.signingKey().refreshPeriod().isNegative()) {
            throw new IllegalStateException("'notary.signing-key.refresh-period' "
                    + config.signingKey().refreshPeriod() + " is invalid: it must be positive");
        }
        if (config.attestationCache().maxEntries() < 0 || config.attestationCache().maxAge().isNegative()) {
            throw new IllegalStateException("'notary.attestation-cache.max-entries' and 'max-age' are invalid: they"
                    + " must not be negative");
        }
    }

    private String attestorDetail() {
        if (config.devAttestor().enabled()) {
            return " (public key " + config.devAttestor().publicKey().orElse(null) + ")";
        }
        NotaryConfig.AttestationCache cache = config.attestationCache();
        return " (TokenReview cache of at most " + cache.maxEntries() + " entries, each kept at most "
                + cache.maxAge() + ")";
    }

    private void refreshKeys() {
        try {
            keys.refresh();
        } catch (RuntimeException e) {
            // The keys loaded before stay in effect, and the next refresh tries again.
            LOG.errorf("Failed to refresh the signing keys, keeping key %s: %s", keys.keyRing().current().keyId(),
                    e.getMessage());
        }
    }
}
