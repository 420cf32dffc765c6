package ist.aegis.notary.keys.store;

import io.fabric8.kubernetes.client.KubernetesClient;
import ist.aegis.notary.NotaryConfig;
import ist.aegis.notary.keys.SigningKeyHolder;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Builds the key holder that {@code notary.signing-key.store} selects. */
@Singleton
public class SigningKeyHolderProducer {

    /**
     * How long after the maximum token lifetime a replaced key stays published. It covers the
     * clock-skew leeway that verifiers allow (Safe's default is 30 seconds).
     */
    public static final Duration VERIFIER_LEEWAY_MARGIN = Duration.ofMinutes(1);

    @Produces
    @Singleton
    SigningKeyHolder signingKeyHolder(NotaryConfig config, Instance<KubernetesClient> client, Clock clock) {
        Duration retention = config.svidLifetime().plus(VERIFIER_LEEWAY_MARGIN);
        if (config.signingKey().store() == NotaryConfig.Store.FILE) {
            Path file = config.signingKey().file().orElseThrow(() -> new IllegalStateException(
                    "'notary.signing-key.file' is missing: it is required when notary.signing-key.store is file"));
            return new FileKeyHolder(file, clock, config.keyRotationPeriod(), retention);
        }
        KubernetesClient kubernetes = client.get();
        String namespace = kubernetes.getNamespace();
        if (namespace == null || namespace.isEmpty()) {
            throw new IllegalStateException("the Kubernetes client has no namespace for the signing-key Secret:"
                    + " set quarkus.kubernetes-client.namespace, or run Notary in a pod");
        }
        return new KubernetesSecretKeyHolder(kubernetes, namespace, clock, config.keyRotationPeriod(),
                retention);
    }
}
