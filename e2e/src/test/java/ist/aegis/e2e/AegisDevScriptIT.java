package ist.aegis.e2e;

import ist.aegis.common.testing.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/aegis-dev} as a newcomer runs it, from another working directory and with its state in
 * a directory of this run ({@code AEGIS_DEV_DIR}): up, status, a secret stored through the script's
 * CLI and fetched with a dev service-account token, a killed service restarted alone, down, and up
 * again with the secret kept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AegisDevScriptIT {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(150);
    private static final Pattern EXPORT = Pattern.compile("(?m)^export (AEGIS_[A-Z_]+)='([^']*)'$");

    private final String value = "script " + UUID.randomUUID() + " \"quoted\" ✓";

    private Path state;
    private Path workDirectory;

    @BeforeAll
    void createState() throws IOException {
        state = ServiceProcess.repositoryRoot().resolve("e2e/target/e2e-runs/script-" + System.currentTimeMillis());
        workDirectory = Files.createDirectories(state.resolveSibling(state.getFileName() + "-cwd"));
    }

    @AfterAll
    void stopServices() throws Exception {
        script("", "down");
    }

    @Test
    @Order(1)
    void upStartsAllThree() throws Exception {
        JarRun.Result up = script("", "up");
        JarRun.Result status = script("", "status");

        assertEquals(0, up.exitCode(), up.describe());
        assertTrue(up.stdout().contains("Aegis dev mode is running"), up.stdout());
        assertEquals(0, status.exitCode(), status.describe());
        for (String service : List.of("safe", "notary", "sentinel")) {
            assertTrue(Pattern.compile("(?m)^" + service + "\\s+running\\s+pid \\d+").matcher(status.stdout()).find(),
                    status.stdout());
        }
        for (String key : List.of("ca.key", "safe.key", "notary.key", "sentinel.key", "dev-attestor.key")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve(key))), key);
        }
    }

    @Test
    @Order(2)
    void envFileNamesUrlsAndCa() throws Exception {
        Map<String, String> env = envFile();

        assertTrue(env.get("AEGIS_SAFE_URL").matches("https://127\\.0\\.0\\.1:\\d+"), env.toString());
        assertTrue(env.get("AEGIS_NOTARY_URL").matches("https://127\\.0\\.0\\.1:\\d+"), env.toString());
        assertEquals(state.resolve("ca.crt").toString(), env.get("AEGIS_CA_CERT"));
        assertTrue(Path.of(env.get("AEGIS_CA_CERT")).isAbsolute(), env.toString());
    }

    @Test
    @Order(3)
    void secondUpKeepsRunningServices() throws Exception {
        String pids = pids();

        JarRun.Result up = script("", "up");

        assertEquals(0, up.exitCode(), up.describe());
        assertTrue(up.stdout().contains("safe, notary and sentinel are already running"), up.stdout());
        assertEquals(pids, pids());
    }

    @Test
    @Order(4)
    void storedSecretReachesWorkload() throws Exception {
        JarRun.Result store = script(value, "aegis", "-w", "billing", "-n", "team-a", "-s", "-");

        assertEquals(0, store.exitCode(), store.describe());
        assertEquals(value, fetchAsBilling());
    }

    @Test
    @Order(5)
    void upRestartsOnlyDeadService() throws Exception {
        String ports = Files.readString(state.resolve("ports"));
        String safePid = Files.readString(state.resolve("safe.pid")).strip();
        long notaryPid = Long.parseLong(Files.readString(state.resolve("notary.pid")).strip());
        ProcessHandle notary = ProcessHandle.of(notaryPid).orElseThrow();
        notary.destroyForcibly();
        notary.onExit().get(30, TimeUnit.SECONDS);

        JarRun.Result up = script("", "up");

        assertEquals(0, up.exitCode(), up.describe());
        assertTrue(up.stdout().contains("safe is already running"), up.stdout());
        assertTrue(up.stdout().contains("started notary"), up.stdout());
        assertEquals(ports, Files.readString(state.resolve("ports")));
        assertEquals(safePid, Files.readString(state.resolve("safe.pid")).strip());
        assertEquals(value, fetchAsBilling());
    }

    @Test
    @Order(6)
    void downStopsAllThree() throws Exception {
        JarRun.Result down = script("", "down");
        JarRun.Result status = script("", "status");

        assertEquals(0, down.exitCode(), down.describe());
        assertTrue(down.stdout().contains("stopped safe notary sentinel"), down.stdout());
        assertEquals(1, status.exitCode(), status.describe());
        assertTrue(Pattern.compile("(?m)^safe\\s+stopped$").matcher(status.stdout()).find(), status.stdout());
    }

    @Test
    @Order(7)
    void upAgainKeepsSecrets() throws Exception {
        JarRun.Result up = script("", "up");

        assertEquals(0, up.exitCode(), up.describe());
        assertEquals(value, fetchAsBilling());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("root.key"))));
    }

    @Test
    @Order(8)
    void logsHoldNoValue() throws IOException {
        try (var logs = Files.list(state.resolve("logs"))) {
            for (Path log : logs.toList()) {
                assertFalse(Files.readString(log, StandardCharsets.UTF_8).contains(value), "the value appears in " + log);
            }
        }
    }

    private String fetchAsBilling() throws Exception {
        Map<String, String> env = envFile();
        JarRun.Result token = script("", "sa-token", "-n", "team-a", "--sa", "billing");
        assertEquals(0, token.exitCode(), token.describe());

        WorkloadClient workload = new WorkloadClient(Path.of(env.get("AEGIS_CA_CERT")), env.get("AEGIS_NOTARY_URL"),
                env.get("AEGIS_SAFE_URL"));
        HttpResponse<String> secret = workload.fetchSecret(workload.notaryToken(token.stdout().strip()));
        assertEquals(200, secret.statusCode(), secret.body());
        return WorkloadClient.json(secret.body()).path("data").asText();
    }

    private Map<String, String> envFile() throws IOException {
        Map<String, String> env = new HashMap<>();
        Matcher matcher = EXPORT.matcher(Files.readString(state.resolve("env")));
        while (matcher.find()) {
            env.put(matcher.group(1), matcher.group(2));
        }
        return env;
    }

    private String pids() throws IOException {
        List<String> pids = new ArrayList<>();
        for (String service : List.of("safe", "notary", "sentinel")) {
            pids.add(Files.readString(state.resolve(service + ".pid")).strip());
        }
        return String.join(" ", pids);
    }

    /** Runs {@code bin/aegis-dev} with this run's state directory and the JDK that runs the test. */
    private JarRun.Result script(String stdin, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash",
                ServiceProcess.repositoryRoot().resolve("bin/aegis-dev").toString()));
        command.addAll(List.of(arguments));
        Path stdout = Files.createTempFile(workDirectory, "aegis-dev-", ".out");
        Path stderr = Files.createTempFile(workDirectory, "aegis-dev-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDirectory.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().put("AEGIS_DEV_DIR", state.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        try (OutputStream input = process.getOutputStream()) {
            input.write(stdin.getBytes(StandardCharsets.UTF_8));
        }

        if (!process.waitFor(SCRIPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("bin/aegis-dev " + String.join(" ", arguments) + " did not exit within "
                    + SCRIPT_TIMEOUT);
        }
        return new JarRun.Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
