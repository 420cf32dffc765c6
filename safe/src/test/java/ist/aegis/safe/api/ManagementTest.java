package ist.aegis.safe.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import ist.aegis.safe.support.SafeTlsResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import org.junit.jupiter.api.Test;

import java.net.MalformedURLException;
import java.net.URL;

/** Probes respond on the plain-HTTP management port, which serves no data. */
@QuarkusTest
@QuarkusTestResource(SafeTlsResource.class)
class ManagementTest {

    // The management root, such as http://localhost:9000/q/.
    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void probesAreUp() throws MalformedURLException {
        given().get(new URL(management, "health/live")).then().statusCode(200).body("status", equalTo("UP"));
        given().get(new URL(management, "health/ready")).then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void managementPortServesNoSecrets() throws MalformedURLException {
        given().get(new URL(management, "/sentinel/v1/secrets")).then().statusCode(404);
        given().get(new URL(management, "/workload/v1/secrets")).then().statusCode(404);
    }
}
