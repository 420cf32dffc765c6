package ist.aegis.safe.persistence;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ist.aegis.common.identity.SpiffeId;
import ist.aegis.safe.support.SafeTlsResource;
import ist.aegis.safe.support.TestTls;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Manual root key mode end to end over HTTPS: the data routes wait for the key, then serve the restored data. */
@QuarkusTest
@QuarkusTestResource(SafeTlsResource.class)
@TestProfile(ManualModeProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManualRootKeyTest {

    private static final String ROOT_KEY = "/sentinel/v1/root-key";
    private static final String SECRETS = "/sentinel/v1/secrets";
    private static final String NOT_LOADED = "the root key has not been loaded yet: an administrator loads it with"
            + " 'aegis --root-key -' in the Sentinel pod (POST /sentinel/v1/root-key)";

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    private Response sendKey(String body) {
        return TestTls.asSentinel(url).contentType(ContentType.JSON).body(body).post(ROOT_KEY);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Test
    @Order(1)
    void readyBeforeKeyIsLoaded() throws MalformedURLException {
        given().get(new URL(management, "health/ready")).then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'root-key' }.data.loaded", equalTo(false));
    }

    @Test
    @Order(2)
    void dataRoutesAnswer503BeforeKey() {
        TestTls.asSentinel(url).get(SECRETS).then().statusCode(503)
                .body("error", equalTo("not_ready"))
                .body("message", equalTo(NOT_LOADED));
        TestTls.asSentinel(url).contentType(ContentType.JSON)
                .body(Map.of("workload", "app", "namespace", "early", "value", "v"))
                .post(SECRETS).then().statusCode(503)
                .body("error", equalTo("not_ready"));
        TestTls.anonymous(url).get("/workload/v1/secrets").then().statusCode(503)
                .body("error", equalTo("not_ready"))
                .body("message", equalTo(NOT_LOADED));
    }

    @Test
    @Order(3)
    void rootKeyNeedsSentinelCertificate() {
        TestTls.anonymous(url).contentType(ContentType.JSON).body("{\"key\":\"" + randomKey() + "\"}")
                .post(ROOT_KEY).then().statusCode(401).body("error", equalTo("unauthorized"));
        TestTls.withCertificate(url, TestTls.ca(), SpiffeId.parse("spiffe://" + TestTls.TRUST_DOMAIN
                + "/workload/app/ns/seeded/sa/app/n/app-0"))
                .contentType(ContentType.JSON).body("{\"key\":\"" + randomKey() + "\"}")
                .post(ROOT_KEY).then().statusCode(403).body("error", equalTo("forbidden"));
    }

    @Test
    @Order(4)
    void malformedKeysAnswer400() {
        sendKey("{}").then().statusCode(400)
                .body("error", equalTo("invalid_request"))
                .body("message", equalTo("'key' is missing: it must be the base64 encoding of 32 bytes"));
        sendKey("{\"key\":\"not base64!\"}").then().statusCode(400)
                .body("message", equalTo("'key' is invalid: it must be the base64 encoding of 32 bytes"));
        sendKey("{\"key\":\"" + Base64.getEncoder().encodeToString(new byte[16]) + "\"}").then().statusCode(400)
                .body("message", equalTo("'key' is invalid: it must be the base64 encoding of 32 bytes,"
                        + " and it decodes to 16 bytes"));
        sendKey("{\"key\":42}").then().statusCode(400)
                .body("message", equalTo("'key' is invalid: it must be the base64 encoding of 32 bytes,"
                        + " given as a JSON string"));
        sendKey("{\"key\":\"" + randomKey() + "\",\"other\":1}").then().statusCode(400)
                .body("message", equalTo("the request body is invalid: 'key' is its only field"));
        sendKey("[").then().statusCode(400)
                .body("message", equalTo("the request body is invalid: it must be a JSON object with the field 'key'"));
    }

    @Test
    @Order(5)
    void wrongKeyAnswers422() {
        Response response = sendKey("{\"key\":\"" + randomKey() + "\"}");

        response.then().statusCode(422).body("error", equalTo("key_mismatch"));
        String message = response.jsonPath().getString("message");
        assertTrue(message.matches("root key [0-9a-f]{16} does not match the data in the file store \\(.*\\): the key"
                + " check record was sealed with root key [0-9a-f]{16}, but the loaded root key is [0-9a-f]{16}: send the"
                + " root key that sealed the stored data"), message);
        TestTls.asSentinel(url).get(SECRETS).then().statusCode(503);
    }

    @Test
    @Order(6)
    void rightKeyLoadsAndRestores() {
        String key = System.getProperty(ManualModeProfile.KEY_PROPERTY);

        sendKey("{\"key\": \"  " + key + "\\n\"}").then().statusCode(200).body("status", equalTo("loaded"));

        Response list = TestTls.asSentinel(url).get(SECRETS);
        list.then().statusCode(200);
        List<Map<String, Object>> seeded = list.jsonPath().<Map<String, Object>>getList("secrets").stream()
                .filter(secret -> "seeded".equals(secret.get("namespace"))).toList();
        assertEquals(1, seeded.size());
        assertEquals("app", seeded.get(0).get("workload"));
        assertEquals(3, seeded.get(0).get("version"));
        assertEquals("2026-12-01T08:00:00Z", seeded.get(0).get("created"));
    }

    @Test
    @Order(7)
    void secondKeyAnswers409() {
        sendKey("{\"key\":\"" + System.getProperty(ManualModeProfile.KEY_PROPERTY) + "\"}").then().statusCode(409)
                .body("error", equalTo("already_loaded"));
    }

    @Test
    @Order(8)
    void writesAfterLoadReachTheStore() {
        TestTls.asSentinel(url).contentType(ContentType.JSON)
                .body(Map.of("workload", "billing", "namespace", "after-load", "value", "v1"))
                .post(SECRETS).then().statusCode(200);

        assertTrue(Files.isRegularFile(Path.of(System.getProperty(ManualModeProfile.DIRECTORY_PROPERTY))
                .resolve("after-load.billing.rec")));
    }
}
