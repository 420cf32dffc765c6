package ist.aegis.sentinel.it;

import ist.aegis.common.identity.SystemComponent;
import ist.aegis.common.testing.ServiceEnvironment;
import ist.aegis.common.testing.ServiceProcess;
import ist.aegis.common.tls.ComponentCertificates;
import ist.aegis.sentinel.it.AegisCli.Result;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code aegis --root-key -} against Safe's packaged jar in manual root key mode over a file store,
 * both run as processes on 127.0.0.1: a malformed key, the right key, a second key while one is
 * loaded, and after a restart a key that does not match the stored data.
 */
class RootKeyIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path directory;

    private Path certificates;
    private int httpsPort;
    private int managementPort;

    @Test
    void rootKeyLoadsOnceAndMustMatch() throws Exception {
        certificates = Files.createDirectories(directory.resolve("tls"));
        ComponentCertificates.writeLocal(certificates, "aegis.ist", Duration.ofHours(1));
        httpsPort = ServiceProcess.freePort();
        managementPort = ServiceProcess.freePort();
        AegisCli aegis = AegisCli.connectedTo("https://127.0.0.1:" + httpsPort,
                ComponentCertificates.certificatePath(certificates, SystemComponent.SENTINEL),
                ComponentCertificates.keyPath(certificates, SystemComponent.SENTINEL),
                ComponentCertificates.caPath(certificates));
        SecureRandom random = new SecureRandom();
        String rightKey = randomKey(random);
        String wrongKey = randomKey(random);

        try (ServiceProcess safe = startSafe("safe-first.log")) {
            Result beforeKey = aegis.run("-l");
            assertEquals(4, beforeKey.exitCode(), beforeKey.toString());
            assertTrue(beforeKey.err().startsWith("aegis: Safe rejected the request (HTTP 503, not_ready): the root key"
                    + " has not been loaded yet"), beforeKey.err());

            Result malformed = aegis.runWithInput("not a base64 key\n", "--root-key", "-");
            assertEquals(4, malformed.exitCode(), malformed.toString());
            assertEquals("aegis: Safe rejected the request (HTTP 400, invalid_request): 'key' is invalid: it must be"
                    + " the base64 encoding of 32 bytes\n", malformed.err());

            Result loaded = aegis.runWithInput(rightKey + "\n", "--root-key", "-");
            assertEquals(0, loaded.exitCode(), loaded.toString());
            assertEquals("Safe loaded the root key\n", loaded.out());

            Result again = aegis.runWithInput(rightKey, "--root-key", "-");
            assertEquals(4, again.exitCode(), again.toString());
            assertTrue(again.err().startsWith("aegis: Safe rejected the request (HTTP 409, already_loaded): a root key"
                    + " is already loaded (key id "), again.err());

            Result stored = aegis.runWithInput("sealed with the right key", "-w", "kept", "-n", "root-key", "-s", "-");
            assertEquals(0, stored.exitCode(), stored.toString());
        }

        try (ServiceProcess safe = startSafe("safe-second.log")) {
            Result mismatch = aegis.runWithInput(wrongKey, "--root-key", "-");
            assertEquals(4, mismatch.exitCode(), mismatch.toString());
            assertTrue(mismatch.err().startsWith("aegis: Safe rejected the request (HTTP 422, key_mismatch): root key "),
                    mismatch.err());

            Result loaded = aegis.runWithInput("  " + rightKey + "  \n", "--root-key", "-");
            assertEquals(0, loaded.exitCode(), loaded.toString());

            Result listed = aegis.run("-l", "-n", "root-key");
            assertEquals(0, listed.exitCode(), listed.toString());
            assertTrue(listed.out().matches("(?s).*\\nroot-key\\s+kept\\s+1\\s.*"), listed.out());
        }
    }

    private ServiceProcess startSafe(String logName) throws IOException {
        Map<String, String> environment = ServiceEnvironment.safe(certificates, httpsPort, managementPort);
        environment.put("SAFE_STORE_KIND", "file");
        environment.put("SAFE_STORE_DIRECTORY", directory.resolve("store").toString());
        environment.put("SAFE_ROOT_KEY_MODE", "manual");
        ServiceProcess safe = ServiceProcess.start("safe", environment, managementPort, directory.resolve(logName));
        // Safe is not ready until the key is loaded, so the wait is on liveness.
        HttpRequest live = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/live"))
                .timeout(Duration.ofSeconds(2))
                .build();
        Awaitility.await("Safe live on management port " + managementPort)
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> {
                    if (!safe.isAlive()) {
                        throw new IllegalStateException("Safe exited before it was live:\n" + safe.logText());
                    }
                    return HTTP.send(live, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
        return safe;
    }

    private static String randomKey(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
