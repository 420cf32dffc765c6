package ist.aegis.dev;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine;

/**
 * The dev-mode helper that {@code bin/aegis-dev} runs: it writes the local certificates and the dev
 * attestor key, and issues dev service-account tokens. For development only; nothing in a cluster
 * install uses it. Exit codes: 0 success, 1 failure, 2 usage error.
 */
@TopCommand
@CommandLine.Command(name = "aegis-dev-tools", mixinStandardHelpOptions = true,
        description = "Dev-mode helpers for bin/aegis-dev. For development only.",
        subcommands = {CertsCommand.class, SaTokenCommand.class})
public class DevToolsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: certs or sa-token");
    }
}
