package ist.aegis.k8s;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine;

/** Placeholder until the CLI lands. */
@TopCommand
@CommandLine.Command(name = "aegis-certs", mixinStandardHelpOptions = true)
public class CertsCommand implements Runnable {
    @Override
    public void run() {
    }
}
