package ist.aegis.e2e;

import ist.aegis.common.testing.ServiceProcess;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a packaged one-shot command (the {@code aegis} CLI or the dev tools) as a separate
 * process, with its configuration in the environment and its input on standard input, as a user
 * runs it. Output goes through files, so a chatty process cannot block on a full pipe.
 */
final class JarRun {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The exit code and both outputs of a finished run. */
    record Result(int exitCode, String stdout, String stderr) {

        /** Describes the run for assertion messages. */
        String describe() {
            return "exit code " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr;
        }
    }

    private JarRun() {
    }

    /**
     * Runs {@code <module>/target/quarkus-app/quarkus-run.jar} with {@code arguments} and waits for it.
     *
     * @param stdin the bytes written to standard input, then closed; may be empty
     * @param workDirectory where the output files go
     * @throws IllegalStateException when the process has not exited within {@link #TIMEOUT}
     */
    static Result run(String module, Map<String, String> environment, byte[] stdin, Path workDirectory,
            String... arguments) throws IOException, InterruptedException {
        Path jar = ServiceProcess.repositoryRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-jar", jar.toString()));
        command.addAll(List.of(arguments));

        Path stdout = Files.createTempFile(workDirectory, module + "-", ".out");
        Path stderr = Files.createTempFile(workDirectory, module + "-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        try (OutputStream input = process.getOutputStream()) {
            input.write(stdin);
        }

        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(module + " " + String.join(" ", arguments) + " did not exit within " + TIMEOUT);
        }
        return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
