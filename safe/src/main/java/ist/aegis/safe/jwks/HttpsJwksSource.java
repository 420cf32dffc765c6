package ist.aegis.safe.jwks;

import ist.aegis.common.tls.TlsContexts;
import ist.aegis.safe.auth.JwksSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;

/**
 * Fetches Notary's JWKS over HTTPS with the Aegis CA bundle as the only trust anchor and the
 * server's host name checked against its certificate. It rebuilds its client when the CA file
 * changes, so a rotated CA is used without a restart. Thread-safe.
 */
public final class HttpsJwksSource implements JwksSource {

    // A JWKS with a few keys is a few kilobytes; anything this large is not one.
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private final URI url;
    private final Path caBundle;
    private final Duration timeout;

    private HttpClient client;
    private FileTime clientCaModified;

    public HttpsJwksSource(URI url, Path caBundle, Duration timeout) {
        this.url = Objects.requireNonNull(url, "url");
        this.caBundle = Objects.requireNonNull(caBundle, "caBundle");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (!"https".equalsIgnoreCase(url.getScheme())) {
            throw new IllegalArgumentException("safe.notary.jwks-url must be an https URL, but its scheme is '"
                    + url.getScheme() + "'");
        }
    }

    @Override
    public String fetch() throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + url, e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException(url + " returned HTTP status " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new IOException(url + " returned more than " + MAX_BODY_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private synchronized HttpClient client() throws IOException {
        FileTime modified = Files.getLastModifiedTime(caBundle);
        if (client == null || !modified.equals(clientCaModified)) {
            client = HttpClient.newBuilder()
                    .sslContext(TlsContexts.client(caBundle, null, null))
                    .connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            clientCaModified = modified;
        }
        return client;
    }
}
