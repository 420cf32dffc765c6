package ist.aegis.sentinel;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;

/** Configures how the CLI reports usage errors and unexpected failures. */
@Singleton
public class CommandLineSetup {

    /** The exit code of an unexpected failure, such as a bug; scripts should treat it as an error. */
    static final int UNEXPECTED_FAILURE = 1;

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return configure(factory.create());
    }

    /**
     * Sets the handlers: a usage error prints one line and a hint on standard error and exits with 2;
     * an unexpected exception prints its type and message, without a stack trace, and exits with 1.
     */
    public static CommandLine configure(CommandLine commandLine) {
        commandLine.setParameterExceptionHandler(CommandLineSetup::usageError);
        commandLine.setExecutionExceptionHandler((exception, failed, parsed) -> {
            failed.getErr().println("aegis: unexpected failure: " + exception.getClass().getName() + ": "
                    + exception.getMessage());
            return UNEXPECTED_FAILURE;
        });
        return commandLine;
    }

    private static int usageError(ParameterException exception, String[] arguments) {
        PrintWriter err = exception.getCommandLine().getErr();
        err.println("aegis: " + usageMessage(exception));
        err.println("Run 'aegis --help' for usage.");
        return ExitCodes.USAGE;
    }

    /**
     * Picocli's message, except for a stray positional argument, which is not echoed because it may
     * be a value that was meant for standard input.
     */
    private static String usageMessage(ParameterException exception) {
        if (exception instanceof UnmatchedArgumentException unmatched
                && unmatched.getUnmatched().stream().anyMatch(argument -> !argument.startsWith("-"))) {
            return "unexpected argument: aegis takes no positional arguments; pass a value with '-s -' on standard input";
        }
        return exception.getMessage();
    }
}
