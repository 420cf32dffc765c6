package ist.aegis.dev;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/** Prints usage errors and failures as one line on standard error, without the usage text or a stack trace. */
@ApplicationScoped
class CommandLineSetup {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return factory.create().setParameterExceptionHandler((exception, arguments) -> {
            CommandLine commandLine = exception.getCommandLine();
            commandLine.getErr().println("aegis-dev-tools: " + exception.getMessage());
            commandLine.getErr().println("Run '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.");
            return CommandLine.ExitCode.USAGE;
        }).setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
            String message = exception instanceof IllegalStateException || exception instanceof java.io.IOException
                    ? exception.getMessage()
                    : exception.toString();
            commandLine.getErr().println("aegis-dev-tools: " + message);
            return 1;
        });
    }
}
