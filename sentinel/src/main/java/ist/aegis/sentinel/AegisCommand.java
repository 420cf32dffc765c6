package ist.aegis.sentinel;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine;

/** Placeholder until the CLI lands. */
@TopCommand
@CommandLine.Command(name = "aegis", mixinStandardHelpOptions = true)
public class AegisCommand implements Runnable {
    @Override
    public void run() {
    }
}
