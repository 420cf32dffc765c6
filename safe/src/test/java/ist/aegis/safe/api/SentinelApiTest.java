package ist.aegis.safe.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ist.aegis.common.identity.SpiffeId;
import ist.aegis.common.identity.SystemComponent;
import ist.aegis.common.tls.CertificateIssuer;
import ist.aegis.common.tls.IssuedCertificate;
import ist.aegis.safe.store.SecretAddress;
import ist.aegis.safe.store.SecretStore;
import ist.aegis.safe.support.SafeTlsResource;
import ist.aegis.safe.support.TestTls;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLException;

@QuarkusTest
@QuarkusTestResource(SafeTlsResource.class)
class SentinelApiTest {

    private static final String SECRETS = "/sentinel/v1/secrets";
    private static final String RFC3339 = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Inject
    SecretStore store;

    @Test
    void storeReturnsMetadataWithoutValue() {
        Response response = upsert(Map.of("workload", "billing", "namespace", "store-test", "value", "s3cret"));

        response.then().statusCode(200)
                .body("workload", equalTo("billing"))
                .body("namespace", equalTo("store-test"))
                .body("values", equalTo(1))
                .body("version", equalTo(1))
                .body("created", matchesPattern(RFC3339))
                .body("updated", matchesPattern(RFC3339));
        assertEquals(List.of("workload", "namespace", "values", "created", "updated", "version"),
                List.copyOf(response.jsonPath().getMap("").keySet()));
        assertEquals(List.of("s3cret"), stored("store-test", "billing"));
    }

    @Test
    void listShowsMetadataOnly() {
        upsert(Map.of("workload", "alpha", "namespace", "list-test", "value", "first")).then().statusCode(200);
        upsert(Map.of("workload", "alpha", "namespace", "list-test", "value", "second", "append", true))
                .then().statusCode(200);
        upsert(Map.of("workload", "beta", "namespace", "list-test", "value", "third")).then().statusCode(200);

        Response response = TestTls.asSentinel(url).get(SECRETS);

        response.then().statusCode(200);
        List<Map<String, Object>> secrets = response.jsonPath().getList("secrets");
        List<Map<String, Object>> mine = secrets.stream().filter(s -> "list-test".equals(s.get("namespace"))).toList();
        assertEquals(2, mine.size());
        assertEquals("alpha", mine.get(0).get("workload"));
        assertEquals(2, mine.get(0).get("values"));
        assertEquals(2, mine.get(0).get("version"));
        assertEquals("beta", mine.get(1).get("workload"));
        assertEquals(1, mine.get(1).get("values"));
        String body = response.asString();
        assertFalse(body.contains("first"), body);
        assertFalse(body.contains("second"), body);
        assertFalse(body.contains("third"), body);
    }

    @Test
    void overwriteReplacesValues() {
        upsert(Map.of("workload", "billing", "namespace", "overwrite-test", "value", "one")).then().statusCode(200);
        upsert(Map.of("workload", "billing", "namespace", "overwrite-test", "value", "two", "append", true))
                .then().statusCode(200);

        upsert(Map.of("workload", "billing", "namespace", "overwrite-test", "value", "three", "append", false))
                .then().statusCode(200).body("values", equalTo(1)).body("version", equalTo(3));

        assertEquals(List.of("three"), stored("overwrite-test", "billing"));
    }

    @Test
    void appendDropsExactDuplicate() {
        upsert(Map.of("workload", "billing", "namespace", "append-test", "value", "one")).then().statusCode(200);
        upsert(Map.of("workload", "billing", "namespace", "append-test", "value", "two", "append", true))
                .then().statusCode(200).body("values", equalTo(2)).body("version", equalTo(2));

        upsert(Map.of("workload", "billing", "namespace", "append-test", "value", "one", "append", true))
                .then().statusCode(200).body("values", equalTo(2)).body("version", equalTo(2));
        upsert(Map.of("workload", "billing", "namespace", "append-test", "value", "one ", "append", true))
                .then().statusCode(200).body("values", equalTo(3)).body("version", equalTo(3));

        assertEquals(List.of("one", "two", "one "), stored("append-test", "billing"));
    }

    @Test
    void deleteThenNotFound() {
        upsert(Map.of("workload", "billing", "namespace", "delete-test", "value", "one")).then().statusCode(200);

        TestTls.asSentinel(url).queryParam("workload", "billing").queryParam("namespace", "delete-test")
                .delete(SECRETS)
                .then().statusCode(200)
                .body("workload", equalTo("billing")).body("namespace", equalTo("delete-test"))
                .body("deleted", equalTo(true));
        TestTls.asSentinel(url).queryParam("workload", "billing").queryParam("namespace", "delete-test")
                .delete(SECRETS)
                .then().statusCode(404)
                .body("error", equalTo("not_found"))
                .body("message", equalTo("no secret is registered for workload 'billing' in namespace 'delete-test'"));
        assertTrue(store.get(new SecretAddress("delete-test", "billing")).isEmpty());
    }

    @Test
    void deleteWithoutNamespaceIsRejected() {
        TestTls.asSentinel(url).queryParam("workload", "billing").delete(SECRETS)
                .then().statusCode(400)
                .body("error", equalTo("invalid_request"))
                .body("message", equalTo("'namespace' is missing: it must be a DNS-1123 label: at most 63 characters,"
                        + " lowercase letters, digits and '-', starting and ending with a letter or digit"));
    }

    @Test
    void noClientCertificateGets401() {
        TestTls.anonymous(url).get(SECRETS)
                .then().statusCode(401)
                .body("error", equalTo("unauthorized"))
                .body("message", equalTo("a client certificate is required: the Sentinel API is served only to"
                        + " spiffe://test.aegis.ist/system/sentinel with a certificate from the Aegis CA"));
        TestTls.anonymous(url).contentType("application/json")
                .body(Map.of("workload", "billing", "namespace", "anonymous-test", "value", "x"))
                .post(SECRETS)
                .then().statusCode(401);
        assertTrue(store.get(new SecretAddress("anonymous-test", "billing")).isEmpty());
    }

    @Test
    void certificateFromOtherCaIsRejected() {
        IssuedCertificate otherCa = CertificateIssuer.newCa("Other CA", Duration.ofDays(1));
        SpiffeId sentinel = SpiffeId.system(TestTls.TRUST_DOMAIN, SystemComponent.SENTINEL);

        try {
            int status = TestTls.withCertificate(url, otherCa, sentinel).get(SECRETS).statusCode();
            assertEquals(401, status);
        } catch (Exception e) {
            // The usual outcome: the server rejects the chain during the handshake.
            assertTrue(hasCause(e, SSLException.class) || hasCause(e, java.net.SocketException.class), e.toString());
        }
    }

    @Test
    void workloadCertificateGets403() {
        SpiffeId workload = SpiffeId.workload(TestTls.TRUST_DOMAIN, "billing", "team-a", "default", "billing-0");

        TestTls.withCertificate(url, TestTls.ca(), workload).get(SECRETS)
                .then().statusCode(403)
                .body("error", equalTo("forbidden"))
                .body("message", equalTo("client identity " + workload + " may not use the Sentinel API: it is served"
                        + " only to spiffe://test.aegis.ist/system/sentinel"));
    }

    @Test
    void otherSystemCertificateGets403() {
        SpiffeId notary = SpiffeId.system(TestTls.TRUST_DOMAIN, SystemComponent.NOTARY);

        TestTls.withCertificate(url, TestTls.ca(), notary).get(SECRETS).then().statusCode(403);
    }

    @Test
    void sentinelOfOtherTrustDomainGets403() {
        SpiffeId sentinel = SpiffeId.system("other.example", SystemComponent.SENTINEL);

        TestTls.withCertificate(url, TestTls.ca(), sentinel).get(SECRETS).then().statusCode(403);
    }

    @Test
    void unknownPathReturnsErrorBody() {
        TestTls.asSentinel(url).get("/sentinel/v1/nothing")
                .then().statusCode(404)
                .body("error", equalTo("not_found"))
                .body("message", equalTo("no resource at this path: Safe serves /sentinel/v1/secrets and"
                        + " /workload/v1/secrets"));
    }

    @Test
    void wrongMethodReturnsErrorBody() {
        TestTls.asSentinel(url).contentType("application/json").body("{}").put(SECRETS)
                .then().statusCode(405)
                .body("error", equalTo("invalid_request"))
                .body("message", equalTo("the HTTP method is not allowed on this path: /sentinel/v1/secrets accepts"
                        + " GET, POST and DELETE, and /workload/v1/secrets accepts GET"));
    }

    @Test
    void wrongContentTypeReturnsErrorBody() {
        TestTls.asSentinel(url).contentType("text/plain").body("workload=billing").post(SECRETS)
                .then().statusCode(415)
                .body("error", equalTo("invalid_request"))
                .body("message", equalTo("'Content-Type' is invalid: the request body must be application/json"));
    }

    private Response upsert(Map<String, Object> body) {
        return TestTls.asSentinel(url).contentType("application/json").body(body).post(SECRETS);
    }

    private List<String> stored(String namespace, String workload) {
        return store.get(new SecretAddress(namespace, workload)).orElseThrow().valuesAsText();
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
