package ist.aegis.safe.support;

import ist.aegis.common.identity.SystemComponent;
import ist.aegis.common.tls.ComponentCertificates;

import ist.aegis.common.tls.TlsContexts;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a fresh Aegis CA and component certificates to a temporary directory before Safe starts,
 * and points Safe's TLS settings at them. It also runs a real HTTPS server on 127.0.0.1 with the
 * Notary certificate that serves {@code jwks.json} from that directory as Notary's JWKS, so tests
 * can rotate keys or make the endpoint fail (a missing file returns 500). Tests find the directory
 * through {@link TestTls#directory()} and sign tokens with {@link TestTokens}.
 */
public class SafeTlsResource implements QuarkusTestResourceLifecycleManager {

    static final String DIRECTORY_PROPERTY = "aegis.test.tls-directory";

    private Path directory;
    private HttpsServer jwksServer;

    @Override
    public Map<String, String> start() {
        try {
            directory = Files.createTempDirectory("aegis-safe-tls");
            ComponentCertificates.writeLocal(directory, TestTls.TRUST_DOMAIN, Duration.ofDays(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty(DIRECTORY_PROPERTY, directory.toString());
        TestTokens.writeInitialKey(directory);
        jwksServer = startJwksServer(directory);
        String jwksUrl = "https://127.0.0.1:" + jwksServer.getAddress().getPort() + "/notary/v1/jwks";
        return Map.of(
                "safe.notary.jwks-url", jwksUrl,
                "safe.notary.issuer", TestTokens.ISSUER,
                "safe.notary.jwks-min-refresh-interval", "PT1S",
                "safe.trust-domain", TestTls.TRUST_DOMAIN,
                "safe.tls.certificate", ComponentCertificates.certificatePath(directory, SystemComponent.SAFE).toString(),
                "safe.tls.key", ComponentCertificates.keyPath(directory, SystemComponent.SAFE).toString(),
                "safe.tls.ca", ComponentCertificates.caPath(directory).toString(),
                "safe.tls.reload-period", "PT1S");
    }

    private static HttpsServer startJwksServer(Path directory) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(TlsContexts.client(ComponentCertificates.caPath(directory),
                    ComponentCertificates.certificatePath(directory, SystemComponent.NOTARY),
                    ComponentCertificates.keyPath(directory, SystemComponent.NOTARY))));
            server.createContext("/notary/v1/jwks", exchange -> {
                Path jwks = TestTokens.jwksPath(directory);
                byte[] body = Files.exists(jwks) ? Files.readAllBytes(jwks) : null;
                if (body == null) {
                    exchange.sendResponseHeaders(500, -1);
                } else {
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (jwksServer != null) {
            jwksServer.stop(0);
        }
        System.clearProperty(DIRECTORY_PROPERTY);
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
