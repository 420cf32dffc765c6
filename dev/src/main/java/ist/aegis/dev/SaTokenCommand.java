package ist.aegis.dev;

import ist.aegis.common.dev.DevServiceAccountToken;
import ist.aegis.common.tls.Pem;

import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Prints a dev service-account token, and nothing else, on standard output: what a pod's projected
 * token with audience {@value #AUDIENCE} would be in a cluster. Notary accepts it only when its dev
 * attestor is switched on and trusts the key in {@code --dir}.
 */
@CommandLine.Command(name = "sa-token", mixinStandardHelpOptions = true,
        description = "Print a dev service-account token for a pod, signed with the dev attestor key.")
public class SaTokenCommand implements Callable<Integer> {

    /** The audience Notary requires on service-account tokens by default ({@code notary.token-audience}). */
    static final String AUDIENCE = "aegis-notary";

    /** The maximum lifetime accepted: a day covers a dev session and bounds what a leaked token allows. */
    static final Duration MAX_TTL = Duration.ofHours(24);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--dir", required = true,
            description = "Directory that contains " + DevFiles.ATTESTOR_PRIVATE_KEY + ", as 'certs' wrote it.")
    Path directory;

    @CommandLine.Option(names = {"-n", "--namespace"}, required = true, description = "The pod's namespace.")
    String namespace;

    @CommandLine.Option(names = "--sa", required = true, description = "The pod's service account.")
    String serviceAccount;

    @CommandLine.Option(names = "--pod", description = "The pod's name (default: <service-account>-dev).")
    String pod;

    @CommandLine.Option(names = "--workload",
            description = "The pod's aegis.ist/workload annotation (default: none, so the workload is the service account).")
    String workload;

    @CommandLine.Option(names = "--ttl", defaultValue = "PT1H", converter = IsoDurationConverter.class,
            description = "Token lifetime as an ISO-8601 duration, at most PT24H (default: ${DEFAULT-VALUE}).")
    Duration ttl;

    @Override
    public Integer call() throws IOException {
        String podName = pod != null ? pod : serviceAccount + "-dev";
        validate(podName);

        Path keyFile = DevFiles.attestorPrivateKey(directory);
        if (!Files.isRegularFile(keyFile)) {
            throw new IllegalStateException("dev attestor key " + keyFile + " is missing: run 'aegis-dev-tools certs --dir "
                    + directory + "' (bin/aegis-dev up does) first");
        }
        PrivateKey key = Pem.readPrivateKey(keyFile);

        // A fresh uid per token, as a new pod would have; Notary binds the identity to it.
        var claims = new DevServiceAccountToken.Claims(namespace, serviceAccount, podName,
                UUID.randomUUID().toString(), workload, null);
        spec.commandLine().getOut().println(DevServiceAccountToken.issue(key, AUDIENCE, claims, ttl));
        return 0;
    }

    private void validate(String podName) {
        fail(KubernetesNames.labelError("--namespace", namespace));
        fail(KubernetesNames.subdomainError("--sa", serviceAccount));
        fail(KubernetesNames.subdomainError(pod != null ? "--pod" : "the default pod name", podName));
        if (workload != null) {
            fail(KubernetesNames.labelError("--workload", workload));
        } else if (KubernetesNames.labelError("--sa", serviceAccount) != null) {
            fail("--sa '" + serviceAccount + "' cannot name the workload: without --workload the service account's"
                    + " name is the workload name, which must be a DNS-1123 label; pass --workload NAME");
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            fail("--ttl '" + ttl + "' is invalid: it must be more than zero and at most " + MAX_TTL);
        }
    }

    private void fail(String message) {
        if (message != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    /** Parses an ISO-8601 duration, with a message that shows the expected form instead of a Java exception. */
    static final class IsoDurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Duration.parse(value);
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not an ISO-8601 duration: use a form such as PT30M or PT1H");
            }
        }
    }
}
