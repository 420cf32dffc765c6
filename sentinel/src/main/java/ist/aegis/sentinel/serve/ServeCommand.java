package ist.aegis.sentinel.serve;

import io.quarkus.runtime.Quarkus;
import ist.aegis.sentinel.SentinelConfig;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;

/**
 * {@code aegis serve}: the Sentinel pod's main process. It serves the liveness probe and waits
 * until the pod stops; an admin runs the CLI beside it with {@code kubectl exec}.
 */
@Command(name = "serve",
        description = "Runs as the Sentinel pod's main process: keeps the pod alive and responds to "
                + "GET /q/health/live on the port sentinel.serve.port (default 9000) until stopped.")
public class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = Logger.getLogger(ServeCommand.class);

    /** The exit code when the liveness port cannot be opened. */
    static final int START_FAILED = 1;

    @Inject
    SentinelConfig config;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    @Override
    public Integer call() {
        LivenessServer server;
        try {
            server = LivenessServer.start(new InetSocketAddress(config.serve().host(), config.serve().port()));
        } catch (IOException e) {
            LOG.errorf("Failed to listen on %s port %d (sentinel.serve.host, sentinel.serve.port): %s", config.serve().host(),
                    config.serve().port(), e.getMessage());
            return START_FAILED;
        }
        try (server) {
            LOG.infof("aegis-sentinel %s serving %s on port %d; safe-url %s, timeout %s, TLS certificate %s, key %s, CA bundle %s",
                    version, LivenessServer.LIVENESS_PATH, server.port(), config.safeUrl(), config.timeout(),
                    config.tls().certificate(), config.tls().key(), config.tls().ca());
            Quarkus.waitForExit();
            LOG.info("aegis-sentinel stopping");
        }
        return 0;
    }
}
