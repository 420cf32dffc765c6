package ist.aegis.sentinel.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A plain-HTTP server that responds to {@code GET /q/health/live} with 200 and
 * {@code {"status":"UP","checks":[]}}, the shape of Quarkus health responses, and 404 on every other
 * path. It carries no data. Built on the JDK's HTTP server so that one-shot CLI runs, which never
 * start it, open no port.
 */
public final class LivenessServer implements AutoCloseable {

    /** The liveness path that the chart's probe calls. */
    public static final String LIVENESS_PATH = "/q/health/live";

    private static final byte[] UP = "{\"status\":\"UP\",\"checks\":[]}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOT_FOUND = "{\"error\":\"not_found\",\"message\":\"only GET /q/health/live is served here\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService executor;

    private LivenessServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts the server on all interfaces.
     *
     * @param port the TCP port, or 0 for a free one
     */
    public static LivenessServer start(int port) throws IOException {
        return start(new InetSocketAddress(port));
    }

    /** Starts the server on {@code address}; tests bind it to the loopback address. */
    public static LivenessServer start(InetSocketAddress address) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        // One thread is enough for a probe every few seconds.
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sentinel-liveness");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", LivenessServer::handle);
        server.start();
        return new LivenessServer(server, executor);
    }

    /** Returns the port the server listens on, which differs from the requested one when that was 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            boolean live = LIVENESS_PATH.equals(exchange.getRequestURI().getPath());
            boolean read = "GET".equals(exchange.getRequestMethod()) || "HEAD".equals(exchange.getRequestMethod());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (live && read) {
                respond(exchange, 200, UP);
            } else if (live) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, "{\"error\":\"invalid_request\",\"message\":\"only GET and HEAD are allowed on /q/health/live\"}"
                        .getBytes(StandardCharsets.UTF_8));
            } else {
                respond(exchange, 404, NOT_FOUND);
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
