package ist.aegis.safe.api;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ist.aegis.safe.store.SecretAddress;
import ist.aegis.safe.store.SecretStore;
import ist.aegis.safe.support.SafeTlsResource;
import ist.aegis.safe.support.TestTls;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Every validation rule of {@code POST /sentinel/v1/secrets}, with its exact status and message. */
@QuarkusTest
@QuarkusTestResource(SafeTlsResource.class)
class SentinelValidationTest {

    private static final String SECRETS = "/sentinel/v1/secrets";
    private static final String LABEL_RULE = "must be a DNS-1123 label: at most 63 characters, lowercase letters,"
            + " digits and '-', starting and ending with a letter or digit";
    private static final String BODY_RULE = "it must be a JSON object with the fields 'workload', 'namespace',"
            + " 'value' and optionally 'append'";

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Inject
    SecretStore store;

    @Test
    void workloadRules() {
        rejected("{\"namespace\":\"rules\",\"value\":\"x\"}", "'workload' is missing: it " + LABEL_RULE);
        rejected("{\"workload\":null,\"namespace\":\"rules\",\"value\":\"x\"}", "'workload' is missing: it " + LABEL_RULE);
        rejected("{\"workload\":\"Billing\",\"namespace\":\"rules\",\"value\":\"x\"}", "'workload' is invalid: it " + LABEL_RULE);
        rejected("{\"workload\":\"-billing\",\"namespace\":\"rules\",\"value\":\"x\"}", "'workload' is invalid: it " + LABEL_RULE);
        rejected("{\"workload\":\"a/../b\",\"namespace\":\"rules\",\"value\":\"x\"}", "'workload' is invalid: it " + LABEL_RULE);
        rejected("{\"workload\":\"\",\"namespace\":\"rules\",\"value\":\"x\"}", "'workload' is invalid: it " + LABEL_RULE);
        rejected("{\"workload\":\"" + "a".repeat(64) + "\",\"namespace\":\"rules\",\"value\":\"x\"}",
                "'workload' is invalid: it " + LABEL_RULE);
        rejected("{\"workload\":42,\"namespace\":\"rules\",\"value\":\"x\"}", "'workload' is invalid: it must be a string");
        assertEquals(0, store.list().stream().filter(entry -> entry.address().namespace().equals("rules")).count());
    }

    @Test
    void namespaceRules() {
        rejected("{\"workload\":\"billing\",\"value\":\"x\"}", "'namespace' is missing: it " + LABEL_RULE);
        rejected("{\"workload\":\"billing\",\"namespace\":\"team_a\",\"value\":\"x\"}", "'namespace' is invalid: it " + LABEL_RULE);
        rejected("{\"workload\":\"billing\",\"namespace\":[\"a\"],\"value\":\"x\"}", "'namespace' is invalid: it must be a string");
        assertTrue(store.get(new SecretAddress("team_a", "billing")).isEmpty());
    }

    @Test
    void valueRules() {
        rejected("{\"workload\":\"billing\",\"namespace\":\"value-rules\"}",
                "'value' is missing: it must be a string (an empty string is allowed)");
        rejected("{\"workload\":\"billing\",\"namespace\":\"value-rules\",\"value\":null}",
                "'value' is missing: it must be a string (an empty string is allowed)");
        rejected("{\"workload\":\"billing\",\"namespace\":\"value-rules\",\"value\":42}", "'value' is invalid: it must be a string");
        rejected("{\"workload\":\"billing\",\"namespace\":\"value-rules\",\"value\":{\"a\":1}}", "'value' is invalid: it must be a string");
        rejected("{\"workload\":\"billing\",\"namespace\":\"value-rules\",\"value\":\"a\\ud800b\"}",
                "'value' is invalid: it is not UTF-8 text because it contains an unpaired UTF-16 surrogate");
        assertTrue(store.get(new SecretAddress("value-rules", "billing")).isEmpty());
    }

    @Test
    void emptyValueIsStored() {
        post("{\"workload\":\"billing\",\"namespace\":\"empty-value\",\"value\":\"\"}")
                .then().statusCode(200).body("values", equalTo(1));

        assertEquals(List.of(""), store.get(new SecretAddress("empty-value", "billing")).orElseThrow().valuesAsText());
    }

    @Test
    void appendRules() {
        rejected("{\"workload\":\"billing\",\"namespace\":\"append-rules\",\"value\":\"x\",\"append\":\"true\"}",
                "'append' is invalid: it must be a boolean (true or false)");
        rejected("{\"workload\":\"billing\",\"namespace\":\"append-rules\",\"value\":\"x\",\"append\":1}",
                "'append' is invalid: it must be a boolean (true or false)");
        assertTrue(store.get(new SecretAddress("append-rules", "billing")).isEmpty());
    }

    @Test
    void bodyRules() {
        rejected("", "request body is missing: " + BODY_RULE);
        rejected("[]", "request body is invalid: " + BODY_RULE);
        rejected("\"text\"", "request body is invalid: " + BODY_RULE);
        rejected("null", "request body is invalid: " + BODY_RULE);
        rejected("{\"workload\":\"billing\",\"namespace\":\"body-rules\",\"value\":\"x\",\"template\":\"t\"}",
                "request body has an unknown field 'template': " + BODY_RULE);
        rejected("{\"workload\":\"billing\",\"namespace\":\"body-rules\",\"value\":\"x\",\"s3cret value\":1}",
                "request body has an unknown field: " + BODY_RULE);
        rejected("{\"workload\":\"billing\",\"namespace\":\"body-rules\",\"value\":\"x\",\"value\":\"y\"}",
                "request body has a repeated field: " + BODY_RULE);
        rejected("{\"workload\":\"billing\",\"namespace\":\"body-rules\",\"value\":\"x\"} {}",
                "request body is invalid: " + BODY_RULE);
        rejected("{\"workload\":\"billing\",\"namespace\":\"body-rules\",\"value\":\"x\"",
                "request body is not valid JSON (at line 1, column 59): " + BODY_RULE);
        rejected("{\"workload\":\"billing\",\"namespace\":\"body-rules\",\"value\":'x'}",
                "request body is not valid JSON (at line 1, column 56): " + BODY_RULE);
        assertTrue(store.get(new SecretAddress("body-rules", "billing")).isEmpty());
    }

    @Test
    void bodyThatIsNotUtf8IsRejected() {
        byte[] latin1 = "{\"workload\":\"billing\",\"namespace\":\"latin1\",\"value\":\"caf\u00e9\"}"
                .getBytes(StandardCharsets.ISO_8859_1);

        TestTls.asSentinel(url).contentType("application/json").body(latin1).post(SECRETS)
                .then().statusCode(400)
                .body("error", equalTo("invalid_request"))
                .body("message", equalTo("request body is not UTF-8 text: send JSON encoded as UTF-8"));
        assertTrue(store.get(new SecretAddress("latin1", "billing")).isEmpty());
    }

    @Test
    void valueOverLimitGets413() {
        String value = "v".repeat(512 * 1024 + 1);

        post("{\"workload\":\"billing\",\"namespace\":\"value-limit\",\"value\":\"" + value + "\"}")
                .then().statusCode(413)
                .body("error", equalTo("payload_too_large"))
                .body("message", equalTo("'value' is too large: it takes 524289 bytes as UTF-8, and the limit is"
                        + " 524288 bytes"));
        post("{\"workload\":\"billing\",\"namespace\":\"value-limit\",\"value\":\"" + value.substring(1) + "\"}")
                .then().statusCode(200);
    }

    @Test
    void entryOverLimitGets413AndKeepsValues() {
        String first = "a".repeat(300_000);
        String second = "b".repeat(300_000);
        post("{\"workload\":\"billing\",\"namespace\":\"entry-limit\",\"value\":\"" + first + "\"}").then().statusCode(200);

        post("{\"workload\":\"billing\",\"namespace\":\"entry-limit\",\"value\":\"" + second + "\",\"append\":true}")
                .then().statusCode(413)
                .body("error", equalTo("payload_too_large"))
                .body("message", equalTo("entry for workload 'billing' in namespace 'entry-limit' is too large: with"
                        + " this value its values would take 600000 bytes as UTF-8, and the limit is 524288 bytes"));

        assertEquals(List.of(first), store.get(new SecretAddress("entry-limit", "billing")).orElseThrow().valuesAsText());
        assertEquals(1, store.get(new SecretAddress("entry-limit", "billing")).orElseThrow().version());
    }

    @Test
    void deleteRules() {
        TestTls.asSentinel(url).queryParam("namespace", "team-a").delete(SECRETS)
                .then().statusCode(400).body("message", equalTo("'workload' is missing: it " + LABEL_RULE));
        TestTls.asSentinel(url).queryParam("workload", "Billing").queryParam("namespace", "team-a").delete(SECRETS)
                .then().statusCode(400).body("message", equalTo("'workload' is invalid: it " + LABEL_RULE));
        TestTls.asSentinel(url).queryParam("workload", "billing").queryParam("namespace", "-team").delete(SECRETS)
                .then().statusCode(400).body("message", equalTo("'namespace' is invalid: it " + LABEL_RULE));
    }

    private io.restassured.response.Response post(String body) {
        return TestTls.asSentinel(url).contentType("application/json")
                .body(body.getBytes(StandardCharsets.UTF_8)).post(SECRETS);
    }

    private void rejected(String body, String message) {
        post(body).then().statusCode(400)
                .body("error", equalTo("invalid_request"))
                .body("message", equalTo(message));
    }
}
