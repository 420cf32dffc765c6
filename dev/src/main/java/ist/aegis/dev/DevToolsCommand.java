package ist.aegis.dev;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine;

/** Placeholder until the CLI lands. */
@TopCommand
@CommandLine.Command(name = "aegis-dev-tools", mixinStandardHelpOptions = true)
public class DevToolsCommand implements Runnable {
    @Override
    public void run() {
    }
}
