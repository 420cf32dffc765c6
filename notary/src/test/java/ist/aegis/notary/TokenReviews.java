package ist.aegis.notary;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
import io.quarkus.test.kubernetes.client.KubernetesServer;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * TokenReview results for the fabric8 mock API server, whose CRUD mode stores objects but cannot
 * review tokens. Tests register the status the API server would return for each token; an unknown
 * token is not authenticated, as on a real API server. A status of {@code null} makes the API server
 * fail with 500.
 */
public class TokenReviews implements Consumer<KubernetesServer> {

    public static final String PATH = "/apis/authentication.k8s.io/v1/tokenreviews";

    private static final Map<String, TokenReviewStatus> ANSWERS = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> FAILURES = new ConcurrentHashMap<>();
    private static final AtomicInteger REQUESTS = new AtomicInteger();

    @Override
    public void accept(KubernetesServer server) {
        server.expect().post().withPath(PATH).andReply(new Responder()).always();
    }

    /** Makes the API server return {@code status} for reviews of {@code token}. */
    public static void answer(String token, TokenReviewStatus status) {
        ANSWERS.put(token, status);
    }

    /** Makes the API server fail reviews of {@code token} with 500. */
    public static void fail(String token) {
        FAILURES.put(token, true);
    }

    /** Returns how many reviews the API server has received so far. */
    public static int requests() {
        return REQUESTS.get();
    }

    private static final class Responder implements ResponseProvider<Object> {

        private Headers headers = Headers.builder().add("Content-Type", "application/json").build();

        // The request body can be read only once, and the mock reads the status code first.
        private final Map<RecordedRequest, TokenReview> reviews = Collections.synchronizedMap(new WeakHashMap<>());

        @Override
        public int getStatusCode(RecordedRequest request) {
            TokenReview review = Serialization.unmarshal(request.getUtf8Body(), TokenReview.class);
            reviews.put(request, review);
            return FAILURES.containsKey(review.getSpec().getToken()) ? 500 : 201;
        }

        @Override
        public Object getBody(RecordedRequest request) {
            REQUESTS.incrementAndGet();
            TokenReview review = reviews.remove(request);
            String token = review.getSpec().getToken();
            if (FAILURES.containsKey(token)) {
                return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":500}";
            }
            TokenReviewStatus status = ANSWERS.getOrDefault(token, unauthenticated());
            return new TokenReviewBuilder(review).withStatus(status).build();
        }

        @Override
        public Headers getHeaders() {
            return headers;
        }

        @Override
        public void setHeaders(Headers headers) {
            this.headers = headers;
        }
    }

    /** Returns the status that a real API server returns for a token it did not issue. */
    public static TokenReviewStatus unauthenticated() {
        return new TokenReviewStatusBuilder()
                .withAuthenticated(false)
                .withError("[invalid bearer token, square/go-jose: error in cryptographic primitive]")
                .build();
    }
}
