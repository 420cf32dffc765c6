package ist.aegis.sentinel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ist.aegis.common.identity.SpiffeId;
import ist.aegis.common.identity.SystemComponent;
import ist.aegis.common.tls.CertificateIssuer;
import ist.aegis.common.tls.ComponentCertificates;
import ist.aegis.common.tls.IssuedCertificate;
import ist.aegis.common.tls.Pem;
import ist.aegis.common.testing.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI in this JVM: option parsing, usage errors with their exact text, values read from
 * standard input byte for byte, and each exit code against servers on 127.0.0.1.
 */
class AegisCommandTest {

    private static final byte[] NO_INPUT = new byte[0];
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String HINT = "Run 'aegis --help' for usage.\n";
    private static final String METADATA = """
            {"workload":"billing","namespace":"team-a","values":1,"created":"2026-12-04T20:00:00Z",\
            "updated":"2026-12-04T20:00:00Z","version":3}""";

    @TempDir
    static Path certificates;

    private static RecordingSafe safe;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startSafe() throws Exception {
        ComponentCertificates.writeLocal(certificates, "aegis.ist", Duration.ofHours(1));
        safe = new RecordingSafe(ComponentCertificates.certificatePath(certificates, SystemComponent.SAFE),
                ComponentCertificates.keyPath(certificates, SystemComponent.SAFE), ComponentCertificates.caPath(certificates));
    }

    @AfterAll
    static void stopSafe() {
        safe.close();
    }

    @BeforeEach
    void resetSafe() {
        safe.requests().clear();
        safe.respond(200, METADATA);
    }

    private CliRun run(byte[] standardInput, String... arguments) {
        return CliRun.run(TestConfig.of(safe.url(), certificates, TIMEOUT), standardInput, arguments);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "''|nothing to do: give -s to store a value, -d to delete, -l to list or --root-key - to load the root key",
            "-w billing -d -s -|-s/--secret and -d/--delete cannot be used together",
            "-l -d -s -|-s/--secret, -d/--delete and -l/--list cannot be used together",
            "-l --root-key -|-l/--list and --root-key cannot be used together",
            "-s -|-s/--secret needs -w/--workload",
            "-w billing -a|-a/--append needs -s/--secret",
            "-n team-a -d|-d/--delete needs -w/--workload",
            "-w billing -a -d|-a/--append needs -s/--secret",
            "-w billing -l|-l/--list does not take -w/--workload",
            "-w billing --root-key -|--root-key does not take -w/--workload",
            "-n team-a --root-key -|--root-key does not take -n/--namespace",
            "--root-key c2VjcmV0|--root-key accepts only '-': write the key to standard input, never as an argument",
            "-w Billing -s -|-w/--workload 'Billing' is invalid: it must be a DNS-1123 label: at most 63 characters, lowercase letters, digits and '-', starting and ending with a letter or digit",
            "-w billing -n team_a -d|-n/--namespace 'team_a' is invalid: it must be a DNS-1123 label: at most 63 characters, lowercase letters, digits and '-', starting and ending with a letter or digit",
            "-w billing -s|Missing required parameter for option '--secret' (VALUE)",
            "-x|Unknown option: '-x'",
            "-w billing -d hunter2|unexpected argument: aegis takes no positional arguments; pass a value with '-s -' on standard input",
    })
    void usageErrorExitsWithTwo(String arguments, String message) {
        CliRun result = run(NO_INPUT, arguments.isEmpty() ? new String[0] : arguments.split(" "));

        assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
        assertEquals("aegis: " + message + "\n" + HINT, result.err());
        assertEquals("", result.out());
        assertEquals(List.of(), safe.requests(), "no request reaches Safe on a usage error");
    }

    @Test
    void helpExitsWithZero() {
        CliRun result = run(NO_INPUT, "--help");

        assertEquals(0, result.exitCode());
        assertTrue(result.out().startsWith("Usage: aegis "), result.out());
        assertTrue(result.out().contains("-s, --secret=VALUE"), result.out());
        assertEquals("", result.err());
    }

    @Test
    void standardInputSentByteForByte() throws Exception {
        String value = " line one\r\nline \"two\" 'three' \\ $HOME ${X} \uD83D\uDD11 \t\n";

        CliRun result = run(value.getBytes(StandardCharsets.UTF_8), "-w", "billing", "-n", "team-a", "-s", "-");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("stored the secret of workload 'billing' in namespace 'team-a': 1 value, version 3\n", result.out());
        assertEquals("", result.err());
        RecordingSafe.Request request = safe.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals("/sentinel/v1/secrets", request.pathAndQuery());
        JsonNode body = json.readTree(request.body());
        assertEquals("billing", body.get("workload").asText());
        assertEquals("team-a", body.get("namespace").asText());
        assertEquals(value, body.get("value").asText());
        assertEquals(false, body.get("append").asBoolean());
    }

    @Test
    void emptyStandardInputIsAnEmptyValue() throws Exception {
        CliRun result = run(NO_INPUT, "-w", "billing", "-s", "-");

        assertEquals(0, result.exitCode(), result.err());
        JsonNode body = json.readTree(safe.requests().get(0).body());
        assertTrue(body.get("value").isTextual());
        assertEquals("", body.get("value").asText());
        assertEquals("default", body.get("namespace").asText());
    }

    @Test
    void appendSendsAppendTrue() throws Exception {
        safe.respond(200, METADATA.replace("\"values\":1", "\"values\":2"));

        CliRun result = run("second\n".getBytes(StandardCharsets.UTF_8), "-w", "billing", "-n", "team-a", "-a", "-s", "-");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("appended a value to workload 'billing' in namespace 'team-a': 2 values, version 3\n", result.out());
        JsonNode body = json.readTree(safe.requests().get(0).body());
        assertEquals("second\n", body.get("value").asText());
        assertEquals(true, body.get("append").asBoolean());
    }

    @Test
    void nonUtf8StandardInputIsRejected() {
        byte[] latin1 = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);

        CliRun result = run(latin1, "-w", "billing", "-s", "-");

        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertEquals("aegis: the value on standard input is not valid UTF-8 (invalid byte sequence at byte offset 3):"
                + " values must be UTF-8 text\n", result.err());
        assertEquals(List.of(), safe.requests());
    }

    @Test
    void valueOnCommandLineWarns() throws Exception {
        CliRun result = run(NO_INPUT, "-w", "billing", "-s", "it's $HOME");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("aegis: warning: a value given with -s is visible in the process list and in the audit log of"
                + " 'kubectl exec'; use '-s -' and write the value to standard input instead\n", result.err());
        assertEquals("it's $HOME", json.readTree(safe.requests().get(0).body()).get("value").asText());
    }

    @Test
    void deleteSendsWorkloadAndNamespace() {
        CliRun result = run(NO_INPUT, "-w", "billing", "-n", "team-a", "-d");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("deleted the secret of workload 'billing' in namespace 'team-a'\n", result.out());
        assertEquals("DELETE", safe.requests().get(0).method());
        assertEquals("/sentinel/v1/secrets?workload=billing&namespace=team-a", safe.requests().get(0).pathAndQuery());
    }

    @Test
    void rejectionExitsWithFourAndSafesMessage() {
        safe.respond(404, "{\"error\":\"not_found\",\"message\":\"no secret for workload 'billing' in namespace 'team-a'\"}");

        CliRun result = run(NO_INPUT, "-w", "billing", "-n", "team-a", "-d");

        assertEquals(ExitCodes.REJECTED_BY_SAFE, result.exitCode());
        assertEquals("aegis: Safe rejected the request (HTTP 404, not_found): no secret for workload 'billing'"
                + " in namespace 'team-a'\n", result.err());
        assertEquals("", result.out());
    }

    @Test
    void rejectionWithoutErrorBodyShowsStatus() {
        safe.respond(502, "<html>bad gateway</html>");

        CliRun result = run(NO_INPUT, "-l");

        assertEquals(ExitCodes.REJECTED_BY_SAFE, result.exitCode());
        assertEquals("aegis: Safe rejected the request (HTTP 502) without an error message\n", result.err());
    }

    @Test
    void listPrintsTableAndFiltersNamespace() {
        safe.respond(200, """
                {"secrets":[
                {"workload":"billing","namespace":"team-a","values":2,"created":"2026-12-04T20:00:00Z","updated":"2026-12-04T20:05:00Z","version":4},
                {"workload":"api","namespace":"team-b","values":1,"created":"2026-12-04T20:01:00Z","updated":"2026-12-04T20:01:00Z","version":1}]}""");

        CliRun all = run(NO_INPUT, "-l");
        CliRun teamB = run(NO_INPUT, "-l", "-n", "team-b");
        CliRun none = run(NO_INPUT, "-l", "-n", "team-c");

        assertEquals(0, all.exitCode(), all.err());
        assertEquals("""
                NAMESPACE   WORKLOAD   VALUES   CREATED                UPDATED                VERSION
                team-a      billing    2        2026-12-04T20:00:00Z   2026-12-04T20:05:00Z   4
                team-b      api        1        2026-12-04T20:01:00Z   2026-12-04T20:01:00Z   1
                """, all.out());
        assertEquals("""
                NAMESPACE   WORKLOAD   VALUES   CREATED                UPDATED                VERSION
                team-b      api        1        2026-12-04T20:01:00Z   2026-12-04T20:01:00Z   1
                """, teamB.out());
        assertEquals(0, none.exitCode());
        assertEquals("", none.out());
        assertEquals("no secrets found in namespace 'team-c'\n", none.err());
        assertEquals("GET", safe.requests().get(0).method());
    }

    @Test
    void rootKeyIsTrimmedAndSent() throws Exception {
        safe.respond(200, "{\"status\":\"loaded\"}");
        String key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

        CliRun result = run(("  " + key + "\n").getBytes(StandardCharsets.US_ASCII), "--root-key", "-");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("Safe loaded the root key\n", result.out());
        assertEquals("/sentinel/v1/root-key", safe.requests().get(0).pathAndQuery());
        assertEquals(key, json.readTree(safe.requests().get(0).body()).get("key").asText());
    }

    @Test
    void rootKeyConflictExitsWithFour() {
        safe.respond(409, "{\"error\":\"conflict\",\"message\":\"a root key is already loaded\"}");

        CliRun result = run("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=".getBytes(StandardCharsets.US_ASCII),
                "--root-key", "-");

        assertEquals(ExitCodes.REJECTED_BY_SAFE, result.exitCode());
        assertEquals("aegis: Safe rejected the request (HTTP 409, conflict): a root key is already loaded\n", result.err());
    }

    @Test
    void emptyRootKeyIsUsageError() {
        CliRun result = run(" \n".getBytes(StandardCharsets.US_ASCII), "--root-key", "-");

        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertEquals("aegis: the root key on standard input is empty: write the base64 of the 32-byte key\n", result.err());
        assertEquals(List.of(), safe.requests());
    }

    @Test
    void closedPortExitsWithThree() throws IOException {
        int port = ServiceProcess.freePort();
        String url = "https://127.0.0.1:" + port;

        CliRun result = CliRun.run(TestConfig.of(url, certificates, TIMEOUT), NO_INPUT, "-l");

        assertEquals(ExitCodes.SAFE_UNREACHABLE, result.exitCode());
        assertEquals("aegis: failed to connect to Safe at " + url + ": connection refused\n", result.err());
    }

    @Test
    void untrustedCertificateExitsWithThree(@TempDir Path otherDirectory) throws Exception {
        IssuedCertificate otherCa = CertificateIssuer.newCa("Other CA", Duration.ofHours(1));
        IssuedCertificate impostor = CertificateIssuer.issue(otherCa, SpiffeId.system("aegis.ist", SystemComponent.SAFE),
                List.of("localhost"), List.of("127.0.0.1"), Duration.ofHours(1));
        Path certificate = otherDirectory.resolve("safe.crt");
        Path key = otherDirectory.resolve("safe.key");
        Pem.write(certificate, impostor.certificatePem(), false);
        Pem.write(key, impostor.privateKeyPem(), true);

        try (RecordingSafe impostorSafe = new RecordingSafe(certificate, key, null)) {
            CliRun result = CliRun.run(TestConfig.of(impostorSafe.url(), certificates, TIMEOUT), NO_INPUT, "-l");

            assertEquals(ExitCodes.SAFE_UNREACHABLE, result.exitCode());
            assertTrue(result.err().startsWith("aegis: TLS handshake with Safe at " + impostorSafe.url() + " failed: "),
                    result.err());
            assertTrue(result.err().endsWith(". Check sentinel.tls.ca, sentinel.tls.certificate and sentinel.tls.key\n"),
                    result.err());
            assertEquals(List.of(), impostorSafe.requests());
        }
    }

    @Test
    void silentHandshakeExitsWithThree() throws IOException {
        // A server that accepts the connection and never completes the TLS handshake: the JDK client
        // counts the handshake as part of connecting.
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = "https://127.0.0.1:" + silent.getLocalPort();

            CliRun result = CliRun.run(TestConfig.of(url, certificates, Duration.ofMillis(500)), NO_INPUT, "-l");

            assertEquals(ExitCodes.SAFE_UNREACHABLE, result.exitCode());
            assertEquals("aegis: failed to connect to Safe at " + url + ": timed out after 500 ms (sentinel.timeout)\n",
                    result.err());
        }
    }

    @Test
    void silentResponseExitsWithThree() {
        safe.stall();
        try {
            CliRun result = CliRun.run(TestConfig.of(safe.url(), certificates, Duration.ofMillis(500)), NO_INPUT, "-l");

            assertEquals(ExitCodes.SAFE_UNREACHABLE, result.exitCode());
            assertEquals("aegis: Safe at " + safe.url() + " did not respond within 500 ms (sentinel.timeout)\n",
                    result.err());
        } finally {
            safe.resume();
        }
    }

    @Test
    void missingTlsFilesExitWithThree(@TempDir Path empty) {
        CliRun result = CliRun.run(TestConfig.of(safe.url(), empty, TIMEOUT), NO_INPUT, "-l");

        assertEquals(ExitCodes.SAFE_UNREACHABLE, result.exitCode());
        assertEquals("aegis: failed to load Sentinel's TLS files (certificate " + empty.resolve("sentinel.crt")
                + ", key " + empty.resolve("sentinel.key") + ", CA bundle " + empty.resolve("ca.crt") + "): "
                + empty.resolve("sentinel.crt") + " does not exist\n", result.err());
    }

    @Test
    void httpUrlExitsWithThree() {
        CliRun result = CliRun.run(TestConfig.of("http://127.0.0.1:1", certificates, TIMEOUT), NO_INPUT, "-l");

        assertEquals(ExitCodes.SAFE_UNREACHABLE, result.exitCode());
        assertEquals("aegis: the Safe URL http://127.0.0.1:1 is invalid: sentinel.safe-url must be an https URL"
                + " with a host\n", result.err());
    }

    @Test
    void commandLineValueIsOverwrittenAfterSending() {
        AegisCommand command = new AegisCommand(TestConfig.of(safe.url(), certificates, TIMEOUT), json,
                new java.io.ByteArrayInputStream(NO_INPUT));
        CommandLineSetup.configure(new picocli.CommandLine(command)).execute("-w", "billing", "-s", "abc");

        assertArrayEquals(new char[3], command.secret);
    }
}
