package ist.aegis.notary;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.specification.RequestSpecification;

import org.junit.jupiter.api.Test;

import java.net.URL;

/**
 * The Kubernetes API server goes down while Notary runs: the mock server is stopped, so every
 * request to it is refused. This class has one test, because the server stays down afterwards.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NotaryTlsResource.class)
class KubernetesDownTest {

    @KubernetesTestServer
    KubernetesServer server;

    @TestHTTPResource(tls = true)
    URL base;

    @Test
    void unreachableApiServerIs503() {
        server.after();

        https().header("Authorization", "Bearer " + ServiceAccountTokens.jwt())
                .post("/notary/v1/token")
                .then().statusCode(503)
                .header("Retry-After", "5")
                .body("error", equalTo("unavailable"))
                .body("message", equalTo("failed to create a TokenReview: the Kubernetes API is unavailable"
                        + " (ConnectException)"));
        // The keys loaded at start-up stay in memory, so the JWKS is still served.
        https().get("/notary/v1/jwks").then().statusCode(200);
    }

    private RequestSpecification https() {
        return given().baseUri(base.toString()).trustStore(NotaryTlsResource.trustStore());
    }
}
