package ist.aegis.sentinel.serve;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The liveness endpoint of {@code aegis serve}. */
class LivenessServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private LivenessServer server;

    @BeforeEach
    void start() throws Exception {
        server = LivenessServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void livenessAnswersUp() throws Exception {
        HttpResponse<String> response = send("GET", "/q/health/live");

        assertEquals(200, response.statusCode());
        assertEquals("{\"status\":\"UP\",\"checks\":[]}", response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void otherPathIsNotFound() throws Exception {
        HttpResponse<String> response = send("GET", "/sentinel/v1/secrets");

        assertEquals(404, response.statusCode());
        assertEquals("{\"error\":\"not_found\",\"message\":\"only GET /q/health/live is served here\"}", response.body());
    }

    @Test
    void postToLivenessIsNotAllowed() throws Exception {
        HttpResponse<String> response = send("POST", "/q/health/live");

        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(""));
    }
}
