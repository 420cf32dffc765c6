package ist.aegis.sentinel;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import ist.aegis.common.tls.Pem;
import ist.aegis.common.tls.TlsContexts;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An HTTPS server on 127.0.0.1 that replaces Safe in unit tests: it requires a client
 * certificate from the given CA, records each request and responds with one canned response. The
 * ITs run the CLI against the real Safe; this double lets unit tests see the exact bytes the CLI sends.
 */
final class RecordingSafe implements AutoCloseable {

    /** One request as the server received it. */
    record Request(String method, String pathAndQuery, byte[] body) {
    }

    private final HttpsServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String responseBody = "{}";
    private volatile CountDownLatch stalled = new CountDownLatch(0);

    /**
     * Starts the server with {@code certificate} and {@code key}; when {@code clientCa} is not null,
     * clients must present a certificate that chains to it.
     */
    RecordingSafe(Path certificate, Path key, Path clientCa) throws IOException, GeneralSecurityException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        SSLContext context = SSLContext.getInstance("TLS");
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("server", Pem.readPrivateKey(key), new char[0],
                Pem.readCertificates(certificate).toArray(new X509Certificate[0]));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, new char[0]);
        context.init(keyManagers.getKeyManagers(),
                clientCa == null ? null : TlsContexts.trustManagers(clientCa).getTrustManagers(), null);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = context.getDefaultSSLParameters();
                ssl.setNeedClientAuth(clientCa != null);
                parameters.setSSLParameters(ssl);
            }
        });
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                awaitResume();
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), body));
                byte[] response = responseBody.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, response.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response);
                }
            }
        });
        server.start();
    }

    /** Sets the status and JSON body of every following response. */
    void respond(int status, String body) {
        this.status = status;
        this.responseBody = body;
    }

    /** Holds every following response until {@link #resume()}, or for at most 30 seconds. */
    void stall() {
        stalled = new CountDownLatch(1);
    }

    void resume() {
        stalled.countDown();
    }

    private void awaitResume() {
        try {
            stalled.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        return requests;
    }

    @Override
    public void close() {
        resume();
        server.stop(0);
    }
}
