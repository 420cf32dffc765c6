package ist.aegis.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import ist.aegis.common.identity.SpiffeId;
import ist.aegis.common.identity.SystemComponent;
import ist.aegis.common.validation.Dns1123;
import ist.aegis.k8s.certs.InvalidCertificateException;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

/**
 * {@code aegis-certs}: creates or renews the Aegis internal CA and the component certificates as
 * Secrets, once, and exits. The helm chart runs it as a pre-install and pre-upgrade hook Job and
 * from a CronJob; the plain manifests run it as a Job.
 */
@TopCommand
@Command(name = "aegis-certs", mixinStandardHelpOptions = true, versionProvider = CertsCommand.Version.class,
        description = {
            "Creates the Aegis internal CA and the certificates of safe, notary and sentinel as Secrets when they"
                    + " are absent, renews a component certificate when less than a third of its lifetime is left,"
                    + " and publishes the CA certificate in a ConfigMap. An existing CA is never replaced."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:the certificates are in place",
            "1:the CA Secret cannot be used, or the Kubernetes API failed",
            "2:invalid options"})
public class CertsCommand implements Callable<Integer> {

    private static final Logger LOG = Logger.getLogger(CertsCommand.class);

    @Inject
    KubernetesClient client;

    @Option(names = "--namespace", paramLabel = "NAME",
            description = "Namespace Aegis is installed in; default: the namespace of the pod's service account.")
    String namespace;

    @Option(names = "--trust-domain", paramLabel = "DOMAIN", defaultValue = "aegis.ist",
            description = "SPIFFE trust domain of the component IDs; default: ${DEFAULT-VALUE}.")
    String trustDomain;

    @Option(names = "--validity", paramLabel = "DURATION", defaultValue = "P90D", converter = DurationConverter.class,
            description = "Lifetime of a new component certificate, ISO-8601 (P90D); default: ${DEFAULT-VALUE}.")
    Duration validity;

    @Option(names = "--ca-validity", paramLabel = "DURATION", defaultValue = "P3650D", converter = DurationConverter.class,
            description = "Lifetime of a new CA certificate, ISO-8601; default: ${DEFAULT-VALUE}.")
    Duration caValidity;

    @Option(names = "--ca-secret", paramLabel = "NAME", defaultValue = "aegis-internal-ca",
            description = "Name of the CA's kubernetes.io/tls Secret; default: ${DEFAULT-VALUE}.")
    String caSecret;

    @Option(names = "--ca-configmap", paramLabel = "NAME", defaultValue = "aegis-ca",
            description = "Name of the ConfigMap that publishes the CA certificate as ca.crt; default: ${DEFAULT-VALUE}.")
    String caConfigMap;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CertificateReconciler.Settings settings = settings();
        LOG.infof("aegis-certs %s: namespace %s, trust domain %s, validity %s, CA validity %s, CA Secret %s,"
                + " CA ConfigMap %s", Version.version(), settings.namespace(), settings.trustDomain(),
                settings.validity(), settings.caValidity(), settings.caSecret(), settings.caConfigMap());
        try {
            CertificateReconciler.Result result = new CertificateReconciler(client, settings, Clock.systemUTC()).reconcile();
            LOG.infof("Certificates are in place in namespace %s (CA %s)", settings.namespace(),
                    result.caCreated() ? "created" : "kept");
            return 0;
        } catch (InvalidCertificateException e) {
            LOG.errorf("Failed to reconcile the Aegis certificates: %s", e.getMessage());
            return 1;
        } catch (KubernetesClientException e) {
            LOG.errorf("Failed to reconcile the Aegis certificates: the Kubernetes API returned %d: %s", e.getCode(),
                    e.getStatus() == null ? e.getClass().getSimpleName() : e.getStatus().getMessage());
            return 1;
        }
    }

    /** Validates the options and fills in the namespace; throws picocli's usage error (exit code 2). */
    CertificateReconciler.Settings settings() {
        String effectiveNamespace = namespace != null ? namespace : client.getNamespace();
        if (effectiveNamespace == null || !Dns1123.isLabel(effectiveNamespace)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "'--namespace' is "
                    + (effectiveNamespace == null ? "missing and no service-account namespace is available" : "invalid")
                    + ": it must be a DNS-1123 label");
        }
        try {
            SpiffeId.system(trustDomain, SystemComponent.SAFE);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "'--trust-domain' is invalid: " + e.getMessage());
        }
        requireSecretName("--ca-secret", caSecret);
        requireSecretName("--ca-configmap", caConfigMap);
        requirePositive("--validity", validity);
        requirePositive("--ca-validity", caValidity);
        if (caValidity.compareTo(validity) < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "'--ca-validity' is invalid: it must be at least '--validity' (" + validity + ")");
        }
        return new CertificateReconciler.Settings(effectiveNamespace, trustDomain, validity, caValidity, caSecret,
                caConfigMap);
    }

    private void requireSecretName(String option, String value) {
        if (!Dns1123.isLabel(value)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "'" + option + "' is invalid: it must be a DNS-1123 label");
        }
    }

    private void requirePositive(String option, Duration value) {
        if (value.isNegative() || value.isZero() || value.compareTo(Duration.ofHours(1)) < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "'" + option + "' is invalid: it must be at least PT1H");
        }
    }

    /** Parses ISO-8601 durations such as {@code P90D} or {@code PT2160H}. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not an ISO-8601 duration such as P90D or PT2160H");
            }
        }
    }

    /** Prints the version that Quarkus records from the Maven project at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        static String version() {
            return ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class)
                    .orElse("unknown");
        }

        @Override
        public String[] getVersion() {
            return new String[] {"aegis-certs " + version()};
        }
    }
}
