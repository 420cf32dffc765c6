package ist.aegis.k8s;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs aegis-certs through picocli against the fabric8 mock API server: options, exit codes, messages. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class CertsCommandTest {

    @Inject
    KubernetesClient client;

    private final StringWriter errors = new StringWriter();

    private int run(String... arguments) {
        CertsCommand command = new CertsCommand();
        command.client = client;
        return new CommandLine(command).setErr(new PrintWriter(errors, true)).execute(arguments);
    }

    @Test
    void commandCreatesCertificates() {
        int exitCode = run("--namespace=command-run", "--trust-domain=example.org", "--validity=P30D");

        assertEquals(0, exitCode, errors.toString());
        assertNotNull(client.secrets().inNamespace("command-run").withName("aegis-internal-ca").get());
        assertNotNull(client.secrets().inNamespace("command-run").withName("aegis-safe-tls").get());
        assertNotNull(client.configMaps().inNamespace("command-run").withName("aegis-ca").get());
    }

    @Test
    void invalidNamespaceExitsWithUsage() {
        int exitCode = run("--namespace=Team_A");

        assertEquals(2, exitCode);
        assertTrue(errors.toString().startsWith("'--namespace' is invalid: it must be a DNS-1123 label"), errors.toString());
        assertNull(client.secrets().inNamespace("Team_A").withName("aegis-internal-ca").get());
    }

    @Test
    void nonIsoValidityExitsWithUsage() {
        int exitCode = run("--namespace=bad-validity", "--validity=90d");

        assertEquals(2, exitCode);
        assertTrue(errors.toString().contains("'90d' is not an ISO-8601 duration such as P90D or PT2160H"),
                errors.toString());
    }

    @Test
    void caShorterThanValidityExitsWithUsage() {
        int exitCode = run("--namespace=short-ca", "--validity=P90D", "--ca-validity=P30D");

        assertEquals(2, exitCode);
        assertTrue(errors.toString().startsWith("'--ca-validity' is invalid: it must be at least '--validity' (PT2160H)"),
                errors.toString());
    }

    @Test
    void invalidCaSecretExitsWithOne() {
        client.secrets().inNamespace("broken-ca").resource(new SecretBuilder()
                .withNewMetadata().withName("aegis-internal-ca").endMetadata()
                .withType("kubernetes.io/tls").build()).create();

        int exitCode = run("--namespace=broken-ca");

        assertEquals(1, exitCode);
        assertNull(client.secrets().inNamespace("broken-ca").withName("aegis-safe-tls").get());
    }
}
