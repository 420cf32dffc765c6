package ist.aegis.safe.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ist.aegis.safe.support.LogCapture;
import ist.aegis.safe.support.SafeTlsResource;
import ist.aegis.safe.support.TestTls;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;

/** Captures every log record while values are stored, rejected and deleted, and looks for the value in them. */
@QuarkusTest
@QuarkusTestResource(SafeTlsResource.class)
class ValueNeverLoggedTest {

    private static final String SECRETS = "/sentinel/v1/secrets";
    private static final String VALUE = "canary-7f3a9c-do-not-log";

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Test
    void valueNeverInLog() {
        String log;
        try (LogCapture capture = LogCapture.start()) {
            post("{\"workload\":\"billing\",\"namespace\":\"log-test\",\"value\":\"" + VALUE + "\"}", 200);
            post("{\"workload\":\"billing\",\"namespace\":\"log-test\",\"value\":\"" + VALUE + "\",\"append\":true}", 200);
            post("{\"workload\":\"billing\",\"namespace\":\"log-test\",\"value\":\"" + VALUE + "-2\",\"append\":true}", 200);
            post("{\"workload\":\"Billing\",\"namespace\":\"log-test\",\"value\":\"" + VALUE + "\"}", 400);
            post("{\"workload\":\"billing\",\"namespace\":\"log-test\",\"value\":\"" + VALUE + "\",\"extra\":1}", 400);
            post("{\"workload\":\"billing\",\"namespace\":\"log-test\",\"value\":\"" + VALUE + "\\ud800\"}", 400);
            post("{\"workload\":\"billing\",\"namespace\":\"log-test\",\"value\":\"" + VALUE + "", 400);
            post("{\"workload\":\"billing\",\"namespace\":\"log-test\",\"" + VALUE + "\":1}", 400);
            TestTls.anonymous(url).contentType("application/json")
                    .body("{\"workload\":\"billing\",\"namespace\":\"log-test\",\"value\":\"" + VALUE + "\"}")
                    .post(SECRETS).then().statusCode(401);
            TestTls.asSentinel(url).queryParam("workload", "billing").queryParam("namespace", "log-test")
                    .delete(SECRETS).then().statusCode(200);
            log = capture.text();
        }

        assertFalse(log.contains(VALUE), log);
        assertTrue(log.contains("Secret created: workload 'billing' in namespace 'log-test', version 1, 1 value(s)"), log);
        assertTrue(log.contains("Secret unchanged: workload 'billing' in namespace 'log-test', version 1, 1 value(s)"), log);
        assertTrue(log.contains("Secret appended: workload 'billing' in namespace 'log-test', version 2, 2 value(s)"), log);
        assertTrue(log.contains("Secret deleted: workload 'billing' in namespace 'log-test'"), log);
    }

    private void post(String body, int status) {
        TestTls.asSentinel(url).contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8))
                .post(SECRETS).then().statusCode(status);
    }
}
