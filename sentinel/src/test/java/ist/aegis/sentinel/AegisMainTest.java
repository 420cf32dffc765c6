package ist.aegis.sentinel;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI as Quarkus wires it: the command bean, the configured usage-error handler and the exit code. */
@QuarkusMainTest
class AegisMainTest {

    @Test
    @Launch(value = {"-w", "billing", "-d", "-s", "-"}, exitCode = ExitCodes.USAGE)
    void usageErrorExitsWithTwo(LaunchResult result) {
        assertEquals("aegis: -s/--secret and -d/--delete cannot be used together\nRun 'aegis --help' for usage.",
                result.getErrorOutput());
        assertEquals("", result.getOutput());
    }

    @Test
    @Launch(value = "--help")
    void helpListsOptions(LaunchResult result) {
        assertTrue(result.getOutput().startsWith("Usage: aegis "), result.getOutput());
        assertTrue(result.getOutput().contains("serve  Runs as the Sentinel pod's main process"), result.getOutput());
    }

    @Test
    @Launch(value = "-l", exitCode = ExitCodes.SAFE_UNREACHABLE)
    void defaultTlsPathsAreUsed(LaunchResult result) {
        assertEquals("aegis: failed to load Sentinel's TLS files (certificate /etc/aegis/tls/tls.crt, key"
                + " /etc/aegis/tls/tls.key, CA bundle /etc/aegis/tls/ca.crt): /etc/aegis/tls/tls.crt does not exist",
                result.getErrorOutput());
    }
}
