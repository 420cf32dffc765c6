package ist.aegis.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import ist.aegis.common.identity.SystemComponent;
import ist.aegis.common.tls.CertificateIssuer;
import ist.aegis.common.tls.IssuedCertificate;
import ist.aegis.k8s.certs.CertificateAuthorities;
import ist.aegis.k8s.certs.ComponentIdentity;
import ist.aegis.k8s.certs.InvalidCertificateException;
import ist.aegis.k8s.certs.RenewalPolicy;
import ist.aegis.k8s.certs.RenewalPolicy.Decision;

import org.jboss.logging.Logger;

import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Makes sure the Aegis internal CA and the three component certificates exist as Secrets in one
 * namespace, and that the CA certificate is published in a ConfigMap.
 * <ul>
 * <li>The CA Secret is created when absent and otherwise only read: a CA in place is never replaced,
 * because every issued certificate and every workload's trust bundle depends on it. Rotating it is
 * an admin's explicit act (delete the Secret, run the job again).</li>
 * <li>A component Secret is created when absent and replaced when {@link RenewalPolicy} decides so.</li>
 * <li>Concurrent runs (the install hook and the renewal CronJob) are safe: creation loses with 409
 * to the other run's object, and replacement carries the resourceVersion it read, so it loses with
 * 409 instead of overwriting a newer certificate.</li>
 * </ul>
 * Not thread-safe; one instance per run.
 */
public class CertificateReconciler {

    private static final Logger LOG = Logger.getLogger(CertificateReconciler.class);

    static final String TLS_TYPE = "kubernetes.io/tls";
    static final String CERTIFICATE_KEY = "tls.crt";
    static final String PRIVATE_KEY_KEY = "tls.key";
    static final String CA_KEY = "ca.crt";

    private final KubernetesClient client;
    private final Settings settings;
    private final Clock clock;

    /**
     * The settings of one run.
     *
     * @param namespace where the Secrets and the ConfigMap live, the namespace Aegis is installed in
     * @param trustDomain the SPIFFE trust domain of the component IDs
     * @param validity the lifetime of a new component certificate
     * @param caValidity the lifetime of a new CA certificate
     * @param caSecret the name of the CA's {@code kubernetes.io/tls} Secret
     * @param caConfigMap the name of the ConfigMap that publishes the CA certificate under {@code ca.crt}
     */
    public record Settings(String namespace, String trustDomain, Duration validity, Duration caValidity,
            String caSecret, String caConfigMap) {
    }

    /** The outcome of one run, for the command's summary and for tests. */
    public record Result(boolean caCreated, Map<SystemComponent, Decision> decisions) {
    }

    public CertificateReconciler(KubernetesClient client, Settings settings, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Runs once: loads or creates the CA, publishes it, then checks each component certificate.
     *
     * @throws InvalidCertificateException when the CA Secret exists but cannot be used; nothing is changed then
     * @throws KubernetesClientException when the Kubernetes API fails
     */
    public Result reconcile() {
        Instant now = clock.instant();

        // The CA comes first: every component certificate is checked against it.
        LoadedCa loaded = loadOrCreateCa(now);
        IssuedCertificate ca = loaded.ca();
        publishCa(ca);

        Map<SystemComponent, Decision> decisions = new EnumMap<>(SystemComponent.class);
        for (SystemComponent component : SystemComponent.values()) {
            decisions.put(component, reconcileComponent(ca, component, now));
        }
        return new Result(loaded.created(), decisions);
    }

    private record LoadedCa(IssuedCertificate ca, boolean created) {
    }

    private LoadedCa loadOrCreateCa(Instant now) {
        String place = "Secret " + settings.namespace() + "/" + settings.caSecret();
        Secret existing = secrets().withName(settings.caSecret()).get();
        if (existing == null) {
            IssuedCertificate ca = CertificateIssuer.newCa("Aegis internal CA (" + settings.trustDomain() + ")",
                    settings.caValidity());
            try {
                secrets().resource(tlsSecret(settings.caSecret(), "ca", ca, ca)).create();
                LOG.infof("Created the Aegis CA in %s, valid until %s", place, ca.certificate().getNotAfter().toInstant());
                return new LoadedCa(ca, true);
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                // Another run created it between our read and our create; use theirs.
                LOG.infof("The Aegis CA in %s was created by another run at the same time; using it", place);
                existing = secrets().withName(settings.caSecret()).get();
                if (existing == null) {
                    throw new InvalidCertificateException(place + " was reported as existing but cannot be read");
                }
            }
        }

        IssuedCertificate ca = loadCa(existing, place);
        Instant notAfter = ca.certificate().getNotAfter().toInstant();
        if (!notAfter.isAfter(now)) {
            throw new InvalidCertificateException("the Aegis CA in " + place + " expired at " + notAfter
                    + "; it is never replaced automatically: delete the Secret and run the certificate job again,"
                    + " then restart the Aegis pods and redistribute the CA to workloads");
        }
        if (RenewalPolicy.caExpiring(ca, now)) {
            LOG.warnf("The Aegis CA in %s expires at %s and is never replaced automatically; rotate it before then"
                    + " (delete the Secret, run the certificate job, restart the Aegis pods, redistribute the CA)",
                    place, notAfter);
        } else {
            LOG.infof("Using the Aegis CA in %s, valid until %s", place, notAfter);
        }
        return new LoadedCa(ca, false);
    }

    private static IssuedCertificate loadCa(Secret secret, String place) {
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        String certificate = decode(data.get(CERTIFICATE_KEY));
        String privateKey = decode(data.get(PRIVATE_KEY_KEY));
        if (certificate == null || privateKey == null) {
            throw new InvalidCertificateException(place + " lacks tls.crt or tls.key; it is never replaced"
                    + " automatically: fix it, or delete it to create a new CA");
        }
        try {
            return CertificateAuthorities.load(certificate, privateKey, place);
        } catch (InvalidCertificateException e) {
            throw new InvalidCertificateException(e.getMessage() + "; the CA is never replaced automatically:"
                    + " fix the Secret, or delete it to create a new CA");
        }
    }

    private void publishCa(IssuedCertificate ca) {
        String pem = ca.certificatePem();
        String place = "ConfigMap " + settings.namespace() + "/" + settings.caConfigMap();
        ConfigMap existing = client.configMaps().inNamespace(settings.namespace()).withName(settings.caConfigMap()).get();
        if (existing != null && existing.getData() != null && pem.equals(existing.getData().get(CA_KEY))) {
            return;
        }
        ConfigMap desired = new ConfigMapBuilder()
                .withNewMetadata()
                .withName(settings.caConfigMap())
                .withNamespace(settings.namespace())
                .withLabels(labels("ca"))
                .endMetadata()
                .withData(Map.of(CA_KEY, pem))
                .build();
        if (existing == null) {
            client.configMaps().inNamespace(settings.namespace()).resource(desired).create();
            LOG.infof("Published the Aegis CA certificate in %s", place);
        } else {
            desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            client.configMaps().inNamespace(settings.namespace()).resource(desired).update();
            LOG.infof("Updated the Aegis CA certificate in %s", place);
        }
    }

    private Decision reconcileComponent(IssuedCertificate ca, SystemComponent component, Instant now) {
        ComponentIdentity identity = ComponentIdentity.of(component, settings.trustDomain(), settings.namespace());
        String place = "Secret " + settings.namespace() + "/" + identity.secretName();
        Secret existing = secrets().withName(identity.secretName()).get();

        Decision decision = RenewalPolicy.decide(pemOf(existing), ca, identity, now, place);
        if (decision.action() == RenewalPolicy.Action.KEEP) {
            LOG.infof("Kept the %s certificate in %s: %s", component.pathName(), place, decision.reason());
            return decision;
        }

        // Issue a new certificate, never outliving the CA.
        Duration validity = RenewalPolicy.cappedValidity(settings.validity(), ca, now);
        IssuedCertificate issued = CertificateIssuer.issue(ca, identity.spiffeId().toString(), identity.dnsNames(),
                List.of(), validity, now);
        Secret desired = tlsSecret(identity.secretName(), component.pathName(), issued, ca);
        try {
            if (existing == null) {
                secrets().resource(desired).create();
            } else {
                desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
                secrets().resource(desired).update();
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            LOG.infof("Left the %s certificate in %s to another run that changed it at the same time",
                    component.pathName(), place);
            return decision;
        }
        LOG.infof("%s the %s certificate in %s (%s): %s, valid until %s",
                existing == null ? "Created" : "Replaced", component.pathName(), place, identity.spiffeId(),
                decision.reason(), issued.certificate().getNotAfter().toInstant());
        return decision;
    }

    private Secret tlsSecret(String name, String component, IssuedCertificate certificate, IssuedCertificate ca) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(settings.namespace())
                .withLabels(labels(component))
                .endMetadata()
                .withType(TLS_TYPE)
                .withData(Map.of(
                        CERTIFICATE_KEY, encode(certificate.certificatePem()),
                        PRIVATE_KEY_KEY, encode(certificate.privateKeyPem()),
                        CA_KEY, encode(ca.certificatePem())))
                .build();
    }

    private static Map<String, String> labels(String component) {
        return Map.of(
                "app.kubernetes.io/part-of", "aegis",
                "app.kubernetes.io/component", component,
                "app.kubernetes.io/managed-by", "aegis-certs");
    }

    private static RenewalPolicy.SecretPem pemOf(Secret secret) {
        if (secret == null) {
            return null;
        }
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        return new RenewalPolicy.SecretPem(decode(data.get(CERTIFICATE_KEY)), decode(data.get(PRIVATE_KEY_KEY)),
                decode(data.get(CA_KEY)));
    }

    private NonNamespaceOperation<Secret, SecretList, Resource<Secret>> secrets() {
        return client.secrets().inNamespace(settings.namespace());
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String decode(String base64) {
        if (base64 == null) {
            return null;
        }
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            // Undecodable data is treated as absent, so the caller reports or replaces it.
            return null;
        }
    }
}
