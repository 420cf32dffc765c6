package ist.aegis.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ist.aegis.common.tls.TlsContexts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a workload does in dev mode, over HTTPS that trusts only the dev CA and presents no client
 * certificate: exchange a service-account token for a Notary token, then fetch its secret from Safe.
 */
final class WorkloadClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String notaryUrl;
    private final String safeUrl;

    WorkloadClient(Path caCertificate, String notaryUrl, String safeUrl) throws IOException {
        this.http = HttpClient.newBuilder()
                .sslContext(TlsContexts.client(caCertificate, null, null))
                .connectTimeout(REQUEST_TIMEOUT)
                .build();
        this.notaryUrl = notaryUrl;
        this.safeUrl = safeUrl;
    }

    /** Sends {@code POST /notary/v1/token} with the service-account token as the bearer. */
    HttpResponse<String> exchange(String serviceAccountToken) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(notaryUrl + "/notary/v1/token"))
                .header("Authorization", "Bearer " + serviceAccountToken)
                .POST(HttpRequest.BodyPublishers.noBody())
                .timeout(REQUEST_TIMEOUT)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Exchanges the service-account token and returns the Notary token; fails unless Notary returns 200. */
    String notaryToken(String serviceAccountToken) throws IOException, InterruptedException {
        HttpResponse<String> response = exchange(serviceAccountToken);
        if (response.statusCode() != 200) {
            throw new AssertionError("Notary returned " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body()).path("token").asText();
    }

    /** Sends {@code GET /workload/v1/secrets}, with the Notary token as the bearer unless it is {@code null}. */
    HttpResponse<String> fetchSecret(String notaryToken) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(safeUrl + "/workload/v1/secrets"))
                .GET()
                .timeout(REQUEST_TIMEOUT);
        if (notaryToken != null) {
            request.header("Authorization", "Bearer " + notaryToken);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String body) throws IOException {
        return JSON.readTree(body);
    }
}
