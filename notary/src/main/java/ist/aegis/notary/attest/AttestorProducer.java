package ist.aegis.notary.attest;

import io.fabric8.kubernetes.client.KubernetesClient;
import ist.aegis.common.tls.Pem;
import ist.aegis.notary.NotaryConfig;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Chooses the attestor at start-up: the dev attestor when {@code notary.dev-attestor.enabled} is true,
 * the Kubernetes attestor otherwise. The one not chosen is never built.
 */
@Singleton
public class AttestorProducer {

    private static final Logger LOG = Logger.getLogger(AttestorProducer.class);

    @Produces
    @Singleton
    Attestor attestor(NotaryConfig config, Instance<KubernetesClient> client, Clock clock) {
        if (!config.devAttestor().enabled()) {
            NotaryConfig.AttestationCache cache = config.attestationCache();
            return new KubernetesAttestor(client.get(), config.tokenAudience(), cache.maxEntries(), cache.maxAge(),
                    clock);
        }

        Path publicKey = config.devAttestor().publicKey().orElseThrow(() -> new IllegalStateException(
                "'notary.dev-attestor.public-key' is missing: it is required when notary.dev-attestor.enabled is true"));
        LOG.warnf("The dev attestor is enabled, for development only: Notary trusts any token signed by the key"
                + " in %s and sends no TokenReview", publicKey);
        try {
            return new DevAttestor(Pem.readPublicKey(publicKey), config.tokenAudience());
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read 'notary.dev-attestor.public-key' " + publicKey, e);
        }
    }
}
