package ist.aegis.common.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Aegis service (a Quarkus fast-jar) running as a separate process, for tests that need
 * real processes: end-to-end runs, crash tests, the CLI against a running Safe. Output goes to a
 * log file so tests can search it. Configuration passes through environment variables, never
 * through arguments.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final String name;
    private final Process process;
    private final Path log;
    private final int managementPort;

    private ServiceProcess(String name, Process process, Path log, int managementPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.managementPort = managementPort;
    }

    /**
     * Starts {@code <module>/target/quarkus-app/quarkus-run.jar} from the repository root.
     *
     * @param module the Maven module directory, such as {@code safe}
     * @param environment variables added to this JVM's environment
     * @param managementPort the plain-HTTP management port the service was configured with, for readiness
     * @param log the file that receives standard output and standard error (appended)
     */
    public static ServiceProcess start(String module, Map<String, String> environment, int managementPort, Path log)
            throws IOException {
        return start(module, List.of("-Xmx256m"), environment, managementPort, log);
    }

    /** Starts a packaged service as {@link #start(String, Map, int, Path)} does, with the given JVM options. */
    public static ServiceProcess start(String module, List<String> jvmOptions, Map<String, String> environment,
            int managementPort, Path log) throws IOException {
        Path jar = repositoryRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("packaged jar " + jar + " is missing: run './mvnw package' first");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return new ServiceProcess(module, builder.start(), log, managementPort);
    }

    /** Finds the repository root: the {@code aegis.root} system property, or the nearest parent holding {@code mvnw}. */
    public static Path repositoryRoot() {
        String configured = System.getProperty("aegis.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.isRegularFile(directory.resolve("mvnw"))) {
            directory = directory.getParent();
        }
        if (directory == null) {
            throw new IllegalStateException("repository root not found: set the aegis.root system property");
        }
        return directory;
    }

    /** Returns a port that was free on 127.0.0.1 a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Waits until the management port reports ready, polling every 20 ms so that start-up times
     * measured around it stay precise.
     *
     * @throws IllegalStateException when the process exits or {@code timeout} passes first; the
     *         message ends with the log's last lines
     */
    public ServiceProcess awaitReady(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + " before it was ready:\n"
                        + tail(40));
            }
            if (isReady()) {
                return this;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + ":\n" + tail(40));
    }

    private boolean isReady() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI
                    .create("http://127.0.0.1:" + managementPort + "/q/health/ready").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(1000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Reads the whole log written so far. */
    public String logText() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Kills the process with SIGKILL, as an eviction or a crash would, and waits for it to exit. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the process with SIGTERM, then SIGKILL when it has not exited within 15 seconds. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    private String tail(int lines) throws IOException {
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
