package ist.aegis.sentinel.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ist.aegis.common.identity.SystemComponent;
import ist.aegis.common.testing.ServiceEnvironment;
import ist.aegis.common.testing.ServiceProcess;
import ist.aegis.common.tls.ComponentCertificates;
import ist.aegis.common.tls.TlsContexts;
import ist.aegis.common.wire.Paths;
import ist.aegis.sentinel.it.AegisCli.Result;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged CLI against Safe's packaged jar, both run as processes over mTLS on 127.0.0.1 with
 * certificates made for this test. It covers every flag, values from standard input, each exit
 * code, and values that shells and JSON treat specially.
 *
 * <p>Each test uses its own workload names, so the tests share one Safe and run in any order.
 */
class SentinelCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USAGE_HINT = "Run 'aegis --help' for usage.\n";
    private static final Pattern TABLE_ROW = Pattern.compile(
            "(?m)^(\\S+)\\s+(\\S+)\\s+(\\d+)\\s+(\\S+Z)\\s+(\\S+Z)\\s+(\\d+)$");

    @TempDir
    static Path directory;

    private static TokenIssuer tokenIssuer;
    private static ServiceProcess safe;
    private static String safeUrl;
    private static AegisCli aegis;
    private static HttpClient workloadClient;

    @BeforeAll
    static void startSafe() throws Exception {
        Path certificates = directory.resolve("tls");
        Files.createDirectories(certificates);
        ComponentCertificates.writeLocal(certificates, "aegis.ist", Duration.ofHours(1));

        tokenIssuer = new TokenIssuer(ComponentCertificates.certificatePath(certificates, SystemComponent.NOTARY),
                ComponentCertificates.keyPath(certificates, SystemComponent.NOTARY));
        int httpsPort = ServiceProcess.freePort();
        int managementPort = ServiceProcess.freePort();
        Map<String, String> environment = ServiceEnvironment.safe(certificates, httpsPort, managementPort);
        environment.put("SAFE_NOTARY_JWKS_URL", tokenIssuer.jwksUrl());
        environment.put("SAFE_NOTARY_ISSUER", tokenIssuer.issuer());
        safe = ServiceProcess.start("safe", environment, managementPort, directory.resolve("safe.log"));
        safe.awaitReady(Duration.ofSeconds(90));

        safeUrl = "https://127.0.0.1:" + httpsPort;
        aegis = AegisCli.connectedTo(safeUrl,
                ComponentCertificates.certificatePath(certificates, SystemComponent.SENTINEL),
                ComponentCertificates.keyPath(certificates, SystemComponent.SENTINEL),
                ComponentCertificates.caPath(certificates));
        workloadClient = HttpClient.newBuilder()
                .sslContext(TlsContexts.client(ComponentCertificates.caPath(certificates), null, null))
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    @AfterAll
    static void stopSafe() throws Exception {
        if (safe != null) {
            safe.close();
        }
        if (tokenIssuer != null) {
            tokenIssuer.close();
        }
    }

    @Test
    void storeOverwriteAppendDelete() throws Exception {
        Result stored = aegis.runWithInput("first\n", "-w", "billing", "-n", "team-a", "-s", "-");
        assertEquals(0, stored.exitCode(), stored.toString());
        assertEquals("stored the secret of workload 'billing' in namespace 'team-a': 1 value, version 1\n", stored.out());
        assertEquals("", stored.err());

        Result overwritten = aegis.runWithInput("second", "--workload", "billing", "--namespace", "team-a", "--secret", "-");
        assertEquals(0, overwritten.exitCode(), overwritten.toString());
        assertEquals("stored the secret of workload 'billing' in namespace 'team-a': 1 value, version 2\n",
                overwritten.out());

        Result appended = aegis.runWithInput("third", "-w", "billing", "-n", "team-a", "-a", "-s", "-");
        assertEquals(0, appended.exitCode(), appended.toString());
        assertEquals("appended a value to workload 'billing' in namespace 'team-a': 2 values, version 3\n",
                appended.out());

        Result duplicate = aegis.runWithInput("third", "-w", "billing", "-n", "team-a", "--append", "-s", "-");
        assertEquals(0, duplicate.exitCode(), duplicate.toString());
        assertTrue(duplicate.out().contains(": 2 values, version "), duplicate.out());
        assertEquals(List.of("second", "third"), readAsWorkload("team-a", "billing"));

        Result deleted = aegis.run("-w", "billing", "-n", "team-a", "-d");
        assertEquals(0, deleted.exitCode(), deleted.toString());
        assertEquals("deleted the secret of workload 'billing' in namespace 'team-a'\n", deleted.out());

        Result deletedAgain = aegis.run("-w", "billing", "-n", "team-a", "--delete");
        assertEquals(4, deletedAgain.exitCode(), deletedAgain.toString());
        assertEquals("aegis: Safe rejected the request (HTTP 404, not_found): no secret is registered for workload"
                + " 'billing' in namespace 'team-a'\n", deletedAgain.err());
        assertEquals("", deletedAgain.out());
    }

    @Test
    void defaultNamespaceAndCommandLineValue() throws Exception {
        Result stored = aegis.run("-w", "legacy", "-s", "on the command line");

        assertEquals(0, stored.exitCode(), stored.toString());
        assertEquals("stored the secret of workload 'legacy' in namespace 'default': 1 value, version 1\n", stored.out());
        assertEquals("aegis: warning: a value given with -s is visible in the process list and in the audit log of"
                + " 'kubectl exec'; use '-s -' and write the value to standard input instead\n", stored.err());
        assertEquals(List.of("default legacy 1 1"), rows(aegis.run("-l", "-n", "default")));
        assertEquals(List.of("on the command line"), readAsWorkload("default", "legacy"));
    }

    @Test
    void listAllOrOneNamespace() throws Exception {
        assertEquals(0, aegis.runWithInput("a", "-w", "api", "-n", "list-one", "-s", "-").exitCode());
        assertEquals(0, aegis.runWithInput("b", "-w", "web", "-n", "list-two", "-s", "-").exitCode());
        assertEquals(0, aegis.runWithInput("c", "-w", "web", "-n", "list-two", "-a", "-s", "-").exitCode());

        Result all = aegis.run("-l");
        Result one = aegis.run("--list", "--namespace", "list-two");
        Result none = aegis.run("-l", "-n", "list-empty");

        assertEquals(0, all.exitCode(), all.toString());
        assertTrue(all.out().startsWith("NAMESPACE   WORKLOAD   VALUES   CREATED"), all.out());
        assertTrue(rows(all).containsAll(List.of("list-one api 1 1", "list-two web 2 2")), all.out());
        assertEquals(0, one.exitCode(), one.toString());
        assertEquals(List.of("list-two web 2 2"), rows(one));
        assertEquals(0, none.exitCode(), none.toString());
        assertEquals("", none.out());
        assertEquals("no secrets found in namespace 'list-empty'\n", none.err());
    }

    /**
     * Stores values that shells, JSON and trimming code mangle, each through standard input, and
     * reads them back through Safe's workload API with a token for that workload. The counts also
     * show it: Safe drops only an exact duplicate on append, so each value adds one, even where two
     * values differ by one space or newline, and appending each again adds nothing.
     */
    @Test
    void trickyValuesKeptByteForByte() throws Exception {
        List<String> values = List.of(
                "",
                "value",
                " value",
                "value ",
                "value\n",
                "value\r\n",
                "\n",
                "back\\slash \\n \\\\",
                "\"double\" and 'single' quotes",
                "$HOME",
                "${X}",
                "`date` $(id)",
                "emoji \uD83D\uDD11\uD83D\uDE80",
                "  leading and trailing spaces  ",
                "line one\nline two\n",
                "{\"json\": [1, 2]}",
                "tab\there");

        for (int index = 0; index < values.size(); index++) {
            String[] flags = index == 0
                    ? new String[] {"-w", "tricky", "-n", "tricky-values", "-s", "-"}
                    : new String[] {"-w", "tricky", "-n", "tricky-values", "-a", "-s", "-"};
            Result result = aegis.runWithInput(values.get(index), flags);
            assertEquals(0, result.exitCode(), "value " + index + ": " + result);
            assertTrue(result.out().contains(": " + (index + 1) + (index == 0 ? " value, " : " values, ")),
                    "value " + index + ": " + result.out());
        }
        for (int index = 0; index < values.size(); index++) {
            Result result = aegis.runWithInput(values.get(index), "-w", "tricky", "-n", "tricky-values", "-a", "-s", "-");
            assertEquals(0, result.exitCode(), "value " + index + " again: " + result);
            assertTrue(result.out().contains(": " + values.size() + " values, "), "value " + index + " again: " + result.out());
        }
        List<String> rows = rows(aegis.run("-l", "-n", "tricky-values"));
        assertEquals(1, rows.size(), rows.toString());
        assertTrue(rows.get(0).startsWith("tricky-values tricky " + values.size() + " "), rows.toString());

        List<String> stored = readAsWorkload("tricky-values", "tricky");
        assertEquals(values.size(), stored.size(), stored.toString());
        for (int index = 0; index < values.size(); index++) {
            assertEquals(values.get(index), stored.get(index), "value " + index);
        }
    }

    @Test
    void emptyValueIsStored() throws Exception {
        Result result = aegis.run(new byte[0], "-w", "empty", "-n", "bytes", "-s", "-");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("stored the secret of workload 'empty' in namespace 'bytes': 1 value, version 1\n", result.out());
        assertEquals(List.of(""), readAsWorkload("bytes", "empty"));
    }

    @Test
    void nonUtf8InputExitsWithTwo() throws Exception {
        byte[] latin1 = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);

        Result result = aegis.run(latin1, "-w", "latin", "-n", "bytes", "-s", "-");

        assertEquals(2, result.exitCode(), result.toString());
        assertEquals("aegis: the value on standard input is not valid UTF-8 (invalid byte sequence at byte offset 3):"
                + " values must be UTF-8 text\n", result.err());
        Result deleted = aegis.run("-w", "latin", "-n", "bytes", "-d");
        assertEquals(4, deleted.exitCode(), "nothing was stored: " + deleted);
    }

    @Test
    void usageErrorExitsWithTwo() throws Exception {
        Result contradictory = aegis.runWithInput("x", "-w", "billing", "-d", "-s", "-");
        Result missingWorkload = aegis.runWithInput("x", "-s", "-");
        Result help = aegis.run("-h");

        assertEquals(2, contradictory.exitCode(), contradictory.toString());
        assertEquals("aegis: -s/--secret and -d/--delete cannot be used together\n" + USAGE_HINT, contradictory.err());
        assertEquals(2, missingWorkload.exitCode(), missingWorkload.toString());
        assertEquals("aegis: -s/--secret needs -w/--workload\n" + USAGE_HINT, missingWorkload.err());
        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.out().startsWith("Usage: aegis "), help.out());
    }

    @Test
    void closedPortExitsWithThree() throws Exception {
        String closedUrl = "https://127.0.0.1:" + ServiceProcess.freePort();

        Result result = aegis.with("SENTINEL_SAFE_URL", closedUrl).run("-l");

        assertEquals(3, result.exitCode(), result.toString());
        assertEquals("aegis: failed to connect to Safe at " + closedUrl + ": connection refused\n", result.err());
    }

    @Test
    void untrustedSafeExitsWithThree(@TempDir Path otherCertificates) throws Exception {
        // A CA bundle from another installation: Safe's certificate does not chain to it.
        ComponentCertificates.writeLocal(otherCertificates, "aegis.ist", Duration.ofHours(1));

        Result result = aegis.with("SENTINEL_TLS_CA", ComponentCertificates.caPath(otherCertificates).toString()).run("-l");

        assertEquals(3, result.exitCode(), result.toString());
        assertTrue(result.err().startsWith("aegis: TLS handshake with Safe at " + safeUrl + " failed: "), result.err());
    }

    @Test
    void wrongIdentityExitsWithFour() throws Exception {
        // Safe's own certificate chains to the Aegis CA but carries Safe's SPIFFE ID, not Sentinel's.
        Path certificates = directory.resolve("tls");
        Result result = aegis
                .with("SENTINEL_TLS_CERTIFICATE", ComponentCertificates.certificatePath(certificates, SystemComponent.SAFE).toString())
                .with("SENTINEL_TLS_KEY", ComponentCertificates.keyPath(certificates, SystemComponent.SAFE).toString())
                .run("-l");

        assertEquals(4, result.exitCode(), result.toString());
        assertEquals("aegis: Safe rejected the request (HTTP 403, forbidden): client identity"
                + " spiffe://aegis.ist/system/safe may not use the Sentinel API: it is served only to"
                + " spiffe://aegis.ist/system/sentinel\n", result.err());
    }

    @Test
    void oversizedValueExitsWithFour() throws Exception {
        String large = "x".repeat(512 * 1024 + 1);

        Result result = aegis.runWithInput(large, "-w", "large", "-n", "bytes", "-s", "-");

        assertEquals(4, result.exitCode(), result.toString());
        assertEquals("aegis: Safe rejected the request (HTTP 413, payload_too_large): 'value' is too large: it takes"
                + " 524289 bytes as UTF-8, and the limit is 524288 bytes\n", result.err());
    }

    @Test
    void serveLivenessBesideOneShotRun() throws Exception {
        int port = ServiceProcess.freePort();
        Path log = directory.resolve("serve.log");
        Process serve = aegis.with("SENTINEL_SERVE_PORT", Integer.toString(port)).startInBackground(log, "serve");
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest live = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/live"))
                    .timeout(Duration.ofSeconds(2))
                    .build();
            HttpResponse<String> response = Awaitility.await("aegis serve answering on port " + port)
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions()
                    .until(() -> http.send(live, HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() == 200);
            assertEquals("{\"status\":\"UP\",\"checks\":[]}", response.body());

            // A one-shot run beside the long-running one opens no port, so both work at once.
            Result listed = aegis.with("SENTINEL_SERVE_PORT", Integer.toString(port)).run("-l");
            assertEquals(0, listed.exitCode(), listed.toString());
            assertTrue(serve.isAlive(), "aegis serve stopped while the CLI ran");
        } finally {
            serve.destroy();
            serve.waitFor(15, TimeUnit.SECONDS);
            if (serve.isAlive()) {
                serve.destroyForcibly();
            }
        }
        String serveLog = Files.readString(log);
        assertTrue(serveLog.contains("serving /q/health/live on port " + port), serveLog);
    }

    /**
     * Reads a workload's values through Safe's workload API, as the workload itself would, with a
     * token from {@link TokenIssuer}; one value comes back as a string, several as an array.
     */
    private static List<String> readAsWorkload(String namespace, String workload) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(safeUrl + Paths.WORKLOAD_SECRETS))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + tokenIssuer.token(namespace, workload))
                .GET()
                .build();
        HttpResponse<byte[]> response = workloadClient.send(request, HttpResponse.BodyHandlers.ofByteArray());
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertEquals(200, response.statusCode(), body);

        JsonNode data = JSON.readTree(response.body()).get("data");
        List<String> values = new ArrayList<>();
        if (data.isArray()) {
            data.forEach(value -> values.add(value.textValue()));
        } else {
            values.add(data.textValue());
        }
        return values;
    }

    /** Returns the table rows of a {@code -l} run as "namespace workload values version". */
    private static List<String> rows(Result list) {
        assertEquals(0, list.exitCode(), list.toString());
        Matcher matcher = TABLE_ROW.matcher(list.out());
        List<String> rows = new ArrayList<>();
        while (matcher.find()) {
            rows.add(matcher.group(1) + " " + matcher.group(2) + " " + matcher.group(3) + " " + matcher.group(6));
        }
        return rows;
    }
}
