package ist.aegis.sentinel.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import ist.aegis.common.tls.TlsContexts;
import ist.aegis.common.wire.ErrorBody;
import ist.aegis.common.wire.Paths;
import ist.aegis.common.wire.SecretList;
import ist.aegis.common.wire.SecretMetadata;
import ist.aegis.common.wire.SecretUpsertRequest;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Calls Safe's Sentinel API over mTLS with the JDK HTTP client. Safe's certificate must chain to
 * the configured CA bundle and match the URL's host name. Request bodies that carry a value are
 * serialized into a byte array that is overwritten once Safe has responded.
 * Thread-safe, as the JDK client is; the CLI makes one per run.
 */
public final class SafeClient {

    private static final String JSON = "application/json";
    private static final String ROOT_KEY_PATH = "/sentinel/v1/root-key";

    private final URI baseUrl;
    private final Duration timeout;
    private final ObjectMapper json;
    private final HttpClient http;

    SafeClient(URI baseUrl, SSLContext sslContext, Duration timeout, ObjectMapper json) {
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .sslContext(sslContext)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Builds a client for Safe at {@code baseUrl}, presenting {@code certificate} and trusting only {@code caBundle}.
     *
     * @throws SafeUnreachableException when the URL is not https or a PEM file cannot be read
     */
    public static SafeClient create(URI baseUrl, Path caBundle, Path certificate, Path key, Duration timeout,
            ObjectMapper json) throws SafeUnreachableException {
        if (!"https".equalsIgnoreCase(baseUrl.getScheme()) || baseUrl.getHost() == null) {
            throw new SafeUnreachableException("the Safe URL " + baseUrl
                    + " is invalid: sentinel.safe-url must be an https URL with a host", null);
        }
        try {
            return new SafeClient(baseUrl, TlsContexts.client(caBundle, certificate, key), timeout, json);
        } catch (IOException | RuntimeException e) {
            throw new SafeUnreachableException("failed to load Sentinel's TLS files (certificate " + certificate
                    + ", key " + key + ", CA bundle " + caBundle + "): " + describe(e), e);
        }
    }

    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException missing) {
            return missing.getFile() + " does not exist";
        }
        if (e instanceof AccessDeniedException denied) {
            return "permission denied on " + denied.getFile();
        }
        return e.getMessage();
    }

    /** Returns the base URL of Safe, for messages. */
    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * Stores {@code value} for the workload, replacing its values or, with {@code append}, adding to them.
     * The caller still owns {@code value} and should overwrite it.
     */
    public SecretMetadata store(String workload, String namespace, char[] value, boolean append)
            throws SafeUnreachableException, SafeRejectedException {
        byte[] body = serialize(new SecretUpsertRequest(workload, namespace, value, append));
        try {
            HttpRequest request = request(Paths.SENTINEL_SECRETS)
                    .header("Content-Type", JSON)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            return parse(send(request), SecretMetadata.class);
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    /** Lists the metadata of every entry in every namespace; Safe never sends values here. */
    public SecretList list() throws SafeUnreachableException, SafeRejectedException {
        HttpRequest request = request(Paths.SENTINEL_SECRETS).GET().build();
        return parse(send(request), SecretList.class);
    }

    /** Deletes the workload's entry; Safe responds with 404 when there is none. */
    public void delete(String workload, String namespace) throws SafeUnreachableException, SafeRejectedException {
        String query = "?workload=" + URLEncoder.encode(workload, StandardCharsets.UTF_8)
                + "&namespace=" + URLEncoder.encode(namespace, StandardCharsets.UTF_8);
        send(request(Paths.SENTINEL_SECRETS + query).DELETE().build());
    }

    /**
     * Sends the root key (base64 text) to Safe, which loads it in manual mode. The caller still owns
     * {@code base64Key} and should overwrite it.
     */
    public void loadRootKey(char[] base64Key) throws SafeUnreachableException, SafeRejectedException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("key", base64Key);
        byte[] body = serialize(fields);
        try {
            HttpRequest request = request(ROOT_KEY_PATH)
                    .header("Content-Type", JSON)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            send(request);
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(baseUrl.resolve(pathAndQuery))
                .timeout(timeout)
                .header("Accept", JSON);
    }

    // NOTE: Jackson may keep copies of the serialized value in its recycled buffers; only the body
    // array that this class owns is overwritten.
    private byte[] serialize(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("failed to serialize the request body as JSON", e);
        }
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws SafeUnreachableException, SafeRejectedException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SafeUnreachableException("the request to Safe at " + baseUrl + " was interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw rejected(response);
        }
        return response;
    }

    private SafeUnreachableException unreachable(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return new SafeUnreachableException("failed to connect to Safe at " + baseUrl + ": timed out after "
                    + timeout.toMillis() + " ms (sentinel.timeout)", e);
        }
        if (e instanceof HttpTimeoutException) {
            return new SafeUnreachableException("Safe at " + baseUrl + " did not respond within "
                    + timeout.toMillis() + " ms (sentinel.timeout)", e);
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return new SafeUnreachableException("TLS handshake with Safe at " + baseUrl + " failed: "
                        + cause.getMessage() + ". Check sentinel.tls.ca, sentinel.tls.certificate and sentinel.tls.key", e);
            }
            if (cause instanceof ConnectException) {
                String reason = cause.getMessage() == null ? "connection refused" : cause.getMessage();
                return new SafeUnreachableException("failed to connect to Safe at " + baseUrl + ": " + reason, e);
            }
        }
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new SafeUnreachableException("failed to reach Safe at " + baseUrl + ": " + reason, e);
    }

    private SafeRejectedException rejected(HttpResponse<byte[]> response) {
        ErrorBody body = null;
        try {
            body = json.readValue(response.body(), ErrorBody.class);
        } catch (IOException e) {
            // A body that is not Safe's error JSON, from a proxy for example: report the status alone.
        }
        if (body == null) {
            return new SafeRejectedException(response.statusCode(), null, null);
        }
        return new SafeRejectedException(response.statusCode(), body.error(), body.message());
    }

    private <T> T parse(HttpResponse<byte[]> response, Class<T> type) throws SafeRejectedException {
        try {
            return json.readValue(response.body(), type);
        } catch (JsonProcessingException e) {
            throw new SafeRejectedException(response.statusCode(), null,
                    "the response body is not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("failed to read a response body from memory", e);
        }
    }
}
