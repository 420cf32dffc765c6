package ist.aegis.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import ist.aegis.common.testing.ServiceEnvironment;
import ist.aegis.common.testing.ServiceProcess;
import ist.aegis.common.tls.TlsContexts;
import ist.aegis.common.wire.ErrorBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * From a stored secret to a delivered one across real processes: the packaged Notary, Safe and
 * Sentinel's long-running mode started as {@code bin/aegis-dev} starts them, the {@code aegis} CLI
 * and the dev tools run per command, and workloads that fetch over HTTPS with the dev CA.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretDeliveryIT {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    // Each value carries a random marker, so a search of the logs cannot match anything else.
    private final String marker = UUID.randomUUID().toString();
    private final String billingValue = "billing " + marker + " \\ \"quoted\" 'single' $HOME ${X} ✓ ";
    private final String reportsFirstValue = "reports-first-" + marker;
    private final String reportsSecondValue = "reports second\nline two " + marker;

    private Path state;
    private Path logs;
    private final List<ServiceProcess> services = new ArrayList<>();
    private SentinelServe sentinelServe;
    private Map<String, String> cliEnvironment;
    private WorkloadClient workload;
    private String safeUrl;

    @BeforeAll
    void startServices() throws Exception {
        state = ServiceProcess.repositoryRoot().resolve("e2e/target/e2e-runs/delivery-" + System.currentTimeMillis());
        logs = Files.createDirectories(state.resolve("logs"));
        JarRun.Result certs = JarRun.run("dev", Map.of(), new byte[0], state, "certs", "--dir", state.toString());
        assertEquals(0, certs.exitCode(), certs.describe());

        List<Integer> ports = distinctFreePorts(5);
        int safePort = ports.get(0);
        int safeManagementPort = ports.get(1);
        int notaryPort = ports.get(2);
        int notaryManagementPort = ports.get(3);
        int sentinelPort = ports.get(4);
        safeUrl = "https://127.0.0.1:" + safePort;
        String notaryUrl = "https://127.0.0.1:" + notaryPort;

        // The same configuration bin/aegis-dev exports: paths and ports only, never a secret.
        Map<String, String> notary = new HashMap<>(Map.of(
                "NOTARY_TLS_CERTIFICATE", state.resolve("notary.crt").toString(),
                "NOTARY_TLS_KEY", state.resolve("notary.key").toString(),
                "NOTARY_TLS_CA", state.resolve("ca.crt").toString(),
                "NOTARY_ISSUER", notaryUrl,
                "NOTARY_SIGNING_KEY_STORE", "file",
                "NOTARY_SIGNING_KEY_FILE", state.resolve("notary-signing-keys.json").toString(),
                "NOTARY_DEV_ATTESTOR_ENABLED", "true",
                "NOTARY_DEV_ATTESTOR_PUBLIC_KEY", state.resolve("dev-attestor.pub").toString()));
        notary.putAll(listenOn(notaryPort, notaryManagementPort));
        Map<String, String> safe = new HashMap<>(Map.of(
                "SAFE_TLS_CERTIFICATE", state.resolve("safe.crt").toString(),
                "SAFE_TLS_KEY", state.resolve("safe.key").toString(),
                "SAFE_TLS_CA", state.resolve("ca.crt").toString(),
                "SAFE_NOTARY_JWKS_URL", notaryUrl + "/notary/v1/jwks",
                "SAFE_NOTARY_ISSUER", notaryUrl,
                "SAFE_STORE_KIND", "file",
                "SAFE_STORE_DIRECTORY", state.resolve("data").toString(),
                "SAFE_ROOT_KEY_MODE", "auto",
                "SAFE_ROOT_KEY_FILE", state.resolve("root.key").toString()));
        safe.putAll(listenOn(safePort, safeManagementPort));
        cliEnvironment = Map.of(
                "SENTINEL_SAFE_URL", safeUrl,
                "SENTINEL_TLS_CERTIFICATE", state.resolve("sentinel.crt").toString(),
                "SENTINEL_TLS_KEY", state.resolve("sentinel.key").toString(),
                "SENTINEL_TLS_CA", state.resolve("ca.crt").toString());
        Map<String, String> sentinel = new HashMap<>(cliEnvironment);
        sentinel.put("SENTINEL_SERVE_PORT", Integer.toString(sentinelPort));
        sentinel.put("SENTINEL_SERVE_HOST", "127.0.0.1");

        services.add(ServiceProcess.start("notary", notary, notaryManagementPort, logs.resolve("notary.log")));
        services.add(ServiceProcess.start("safe", safe, safeManagementPort, logs.resolve("safe.log")));
        sentinelServe = SentinelServe.start(sentinel, sentinelPort, logs.resolve("sentinel.log"));
        services.get(0).awaitReady(READY_TIMEOUT);
        services.get(1).awaitReady(READY_TIMEOUT);
        sentinelServe.awaitLive(READY_TIMEOUT);

        workload = new WorkloadClient(state.resolve("ca.crt"), notaryUrl, safeUrl);
    }

    @AfterAll
    void stopServices() throws InterruptedException {
        if (sentinelServe != null) {
            sentinelServe.close();
        }
        for (ServiceProcess service : services) {
            service.close();
        }
    }

    @Test
    @Order(1)
    void cliStoresSecretsFromStandardInput() throws Exception {
        JarRun.Result billing = aegis(billingValue, "-w", "billing", "-n", "team-a", "-s", "-");
        JarRun.Result reportsFirst = aegis(reportsFirstValue, "-w", "reports", "-n", "team-b", "-s", "-");
        JarRun.Result reportsSecond = aegis(reportsSecondValue, "-w", "reports", "-n", "team-b", "-s", "-", "-a");

        assertEquals(0, billing.exitCode(), billing.describe());
        assertEquals(0, reportsFirst.exitCode(), reportsFirst.describe());
        assertEquals(0, reportsSecond.exitCode(), reportsSecond.describe());
    }

    @Test
    @Order(2)
    void workloadsFetchTheirOwnSecrets() throws Exception {
        HttpResponse<String> billing = workload.fetchSecret(notaryToken("team-a", "billing", null));
        HttpResponse<String> reports = workload.fetchSecret(notaryToken("team-b", "reports-runner", "reports"));

        assertEquals(200, billing.statusCode(), billing.body());
        JsonNode billingBody = WorkloadClient.json(billing.body());
        assertEquals(billingValue, billingBody.path("data").asText());
        assertTrue(billingBody.path("created").asText().endsWith("Z"), billing.body());
        assertTrue(billingBody.path("updated").asText().endsWith("Z"), billing.body());
        assertEquals(200, reports.statusCode(), reports.body());
        JsonNode reportsData = WorkloadClient.json(reports.body()).path("data");
        assertTrue(reportsData.isArray(), reports.body());
        assertEquals(2, reportsData.size(), reports.body());
        assertEquals(reportsFirstValue, reportsData.get(0).asText());
        assertEquals(reportsSecondValue, reportsData.get(1).asText());
    }

    @Test
    @Order(3)
    void workloadsAreIsolated() throws Exception {
        HttpResponse<String> otherWorkload = workload.fetchSecret(notaryToken("team-a", "ledger", null));
        HttpResponse<String> otherNamespace = workload.fetchSecret(notaryToken("team-b", "billing", null));
        HttpResponse<String> noToken = workload.fetchSecret(null);

        assertEquals(404, otherWorkload.statusCode(), otherWorkload.body());
        assertEquals(ErrorBody.NOT_FOUND, WorkloadClient.json(otherWorkload.body()).path("error").asText());
        assertEquals(404, otherNamespace.statusCode(), otherNamespace.body());
        assertEquals(ErrorBody.NOT_FOUND, WorkloadClient.json(otherNamespace.body()).path("error").asText());
        assertEquals(401, noToken.statusCode(), noToken.body());
        assertTrue(noToken.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"),
                noToken.headers().map().toString());
    }

    @Test
    @Order(4)
    void listingShowsEntriesWithoutValues() throws Exception {
        JarRun.Result list = aegis("", "-l");

        assertEquals(0, list.exitCode(), list.describe());
        assertTrue(Pattern.compile("(?m)^team-a\\s+billing\\s+1\\s").matcher(list.stdout()).find(), list.stdout());
        assertTrue(Pattern.compile("(?m)^team-b\\s+reports\\s+2\\s").matcher(list.stdout()).find(), list.stdout());
        assertFalse(list.stdout().contains(marker), list.stdout());

        HttpResponse<String> api = sentinelApi().send(HttpRequest.newBuilder(URI.create(safeUrl + "/sentinel/v1/secrets"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, api.statusCode(), api.body());
        assertTrue(api.body().contains("\"billing\""), api.body());
        assertFalse(api.body().contains(marker), api.body());
    }

    @Test
    @Order(5)
    void deletedSecretIsNotFound() throws Exception {
        JarRun.Result delete = aegis("", "-w", "billing", "-n", "team-a", "-d");
        HttpResponse<String> billing = workload.fetchSecret(notaryToken("team-a", "billing", null));
        HttpResponse<String> reports = workload.fetchSecret(notaryToken("team-b", "reports-runner", "reports"));

        assertEquals(0, delete.exitCode(), delete.describe());
        assertEquals(404, billing.statusCode(), billing.body());
        assertEquals(200, reports.statusCode(), reports.body());
    }

    @Test
    @Order(6)
    void logsHoldNoValue() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(state)) {
            files = walk.filter(file -> file.toString().endsWith(".log") || file.toString().endsWith(".out")
                    || file.toString().endsWith(".err")).toList();
        }
        assertEquals(3, files.stream().filter(file -> file.getParent().equals(logs)).count(), files.toString());

        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertFalse(text.contains(marker), "a stored value appears in " + file);
            for (String value : List.of(billingValue.strip(), reportsFirstValue, reportsSecondValue)) {
                assertFalse(text.contains(value), "a stored value appears in " + file);
            }
        }
    }

    @Test
    @Order(7)
    void storeFilesHoldNoPlaintext() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(state.resolve("data"))) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertFalse(files.isEmpty(), "Safe's file store under " + state.resolve("data") + " is empty");

        for (Path file : files) {
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertFalse(bytes.contains(marker), "a stored value appears in plaintext in " + file);
        }
    }

    private String notaryToken(String namespace, String serviceAccount, String workloadName) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("sa-token", "--dir", state.toString(), "-n", namespace,
                "--sa", serviceAccount));
        if (workloadName != null) {
            arguments.addAll(List.of("--workload", workloadName));
        }
        JarRun.Result token = JarRun.run("dev", Map.of(), new byte[0], state, arguments.toArray(String[]::new));
        assertEquals(0, token.exitCode(), token.describe());
        return workload.notaryToken(token.stdout().strip());
    }

    private JarRun.Result aegis(String stdin, String... arguments) throws Exception {
        return JarRun.run("sentinel", cliEnvironment, stdin.getBytes(StandardCharsets.UTF_8), state, arguments);
    }

    private HttpClient sentinelApi() throws IOException {
        return HttpClient.newBuilder().sslContext(TlsContexts.client(state.resolve("ca.crt"),
                state.resolve("sentinel.crt"), state.resolve("sentinel.key"))).build();
    }

    // Two calls to freePort can return the same port, because each closes its socket before returning.
    private static List<Integer> distinctFreePorts(int count) throws IOException {
        Set<Integer> ports = new LinkedHashSet<>();
        for (int attempt = 0; attempt < count * 10 && ports.size() < count; attempt++) {
            ports.add(ServiceProcess.freePort());
        }
        if (ports.size() < count) {
            throw new IllegalStateException("found only " + ports.size() + " distinct free ports of " + count);
        }
        return List.copyOf(ports);
    }

    private static Map<String, String> listenOn(int httpsPort, int managementPort) {
        return ServiceEnvironment.loopback(httpsPort, managementPort);
    }
}
