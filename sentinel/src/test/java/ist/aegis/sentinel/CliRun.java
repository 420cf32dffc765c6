package ist.aegis.sentinel;

import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code aegis} command in this JVM with the given standard input, capturing its output. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(SentinelConfig config, byte[] standardInput, String... arguments) {
        AegisCommand command = new AegisCommand(config, new ObjectMapper(), new ByteArrayInputStream(standardInput));
        CommandLine commandLine = CommandLineSetup.configure(new CommandLine(command));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(arguments);
        return new CliRun(exitCode, out.toString(), err.toString());
    }
}
