package ist.aegis.sentinel.it;

import ist.aegis.common.testing.ServiceProcess;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the packaged {@code aegis} CLI ({@code sentinel/target/quarkus-app/quarkus-run.jar}) as a
 * separate process, as an admin does in the Sentinel pod. Configuration passes through environment
 * variables and values through standard input, never through arguments.
 */
final class AegisCli {

    /** Upper bound on one CLI run; a JVM start takes a few seconds on a loaded machine. */
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

    /** The outcome of one run: exit code and everything the process wrote. */
    record Result(int exitCode, String out, String err) {

        @Override
        public String toString() {
            return "exit code " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    // Standard output and standard error are drained on their own threads so that neither pipe fills up.
    private static final ExecutorService READERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "aegis-cli-output");
        thread.setDaemon(true);
        return thread;
    });

    private final Map<String, String> environment;

    private AegisCli(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * Creates a runner that reaches Safe at {@code safeUrl} with the given certificate, key and CA bundle.
     */
    static AegisCli connectedTo(String safeUrl, Path certificate, Path key, Path ca) {
        Map<String, String> environment = new HashMap<>();
        environment.put("SENTINEL_SAFE_URL", safeUrl);
        environment.put("SENTINEL_TLS_CERTIFICATE", certificate.toString());
        environment.put("SENTINEL_TLS_KEY", key.toString());
        environment.put("SENTINEL_TLS_CA", ca.toString());
        // The first TLS handshake with a freshly started Safe took more than the default 10 s on a
        // machine shared by several builds. These tests check outcomes, not latency.
        environment.put("SENTINEL_TIMEOUT", "PT60S");
        return new AegisCli(environment);
    }

    /** Returns a runner with one more environment variable. */
    AegisCli with(String name, String value) {
        Map<String, String> changed = new HashMap<>(environment);
        changed.put(name, value);
        return new AegisCli(changed);
    }

    /** Runs {@code aegis} with an empty standard input. */
    Result run(String... arguments) throws IOException, InterruptedException {
        return run(new byte[0], arguments);
    }

    /** Runs {@code aegis} with {@code standardInput} as UTF-8 bytes on standard input. */
    Result runWithInput(String standardInput, String... arguments) throws IOException, InterruptedException {
        return run(standardInput.getBytes(StandardCharsets.UTF_8), arguments);
    }

    /** Runs {@code aegis}, writes {@code standardInput} to it and closes it, and waits for the exit. */
    Result run(byte[] standardInput, String... arguments) throws IOException, InterruptedException {
        Process process = start(arguments);
        CompletableFuture<byte[]> out = readAll(process.getInputStream());
        CompletableFuture<byte[]> err = readAll(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            in.write(standardInput);
        }
        if (!process.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("aegis " + String.join(" ", arguments) + " did not exit within " + RUN_TIMEOUT);
        }
        return new Result(process.exitValue(), text(out), text(err));
    }

    /** Starts {@code aegis} with standard output and error going to {@code log}, for the long-running {@code serve}. */
    Process startInBackground(Path log, String... arguments) throws IOException {
        ProcessBuilder builder = builder(arguments)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    private Process start(String... arguments) throws IOException {
        return builder(arguments).start();
    }

    private ProcessBuilder builder(String... arguments) {
        Path jar = ServiceProcess.repositoryRoot().resolve("sentinel/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("packaged CLI " + jar + " is missing: run './mvnw -pl sentinel package' first");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        // A short-lived CLI gains nothing from the optimizing compiler; these flags cut its start-up time.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return builder;
    }

    private static CompletableFuture<byte[]> readAll(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException("failed to read the CLI's output", e);
            }
        }, READERS);
    }

    private static String text(CompletableFuture<byte[]> output) throws InterruptedException {
        try {
            return new String(output.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("failed to collect the CLI's output", e);
        }
    }
}
