package ist.aegis.e2e;

import ist.aegis.common.testing.ServiceProcess;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code aegis serve}, Sentinel's long-running mode, as a separate process. {@link ServiceProcess}
 * passes no arguments and waits for readiness, while this mode needs the {@code serve} argument and
 * serves only liveness.
 */
final class SentinelServe implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final int port;
    private final Path log;

    private SentinelServe(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code sentinel/target/quarkus-app/quarkus-run.jar serve} with its output appended to {@code log}. */
    static SentinelServe start(Map<String, String> environment, int port, Path log) throws IOException {
        Path jar = ServiceProcess.repositoryRoot().resolve("sentinel/target/quarkus-app/quarkus-run.jar");
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-jar", jar.toString(), "serve"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return new SentinelServe(builder.start(), port, log);
    }

    /** Waits until {@code GET /q/health/live} returns 200; fails at once when the process exits. */
    void awaitLive(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest live = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/live"))
                .timeout(Duration.ofSeconds(2))
                .build();
        Awaitility.await("liveness of sentinel serve on port " + port)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("sentinel serve exited with code " + process.exitValue()
                                + "; see " + log);
                    }
                    try {
                        return http.send(live, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    /** Stops the process with SIGTERM, then SIGKILL when it has not exited within 15 seconds. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
