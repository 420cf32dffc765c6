package ist.aegis.safe.api;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ist.aegis.common.identity.SpiffeId;
import ist.aegis.common.identity.SystemComponent;
import ist.aegis.safe.store.TrickyValues;
import ist.aegis.safe.support.LogCapture;
import ist.aegis.safe.support.SafeTlsResource;
import ist.aegis.safe.support.TestTls;
import ist.aegis.safe.support.TestTokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The workload API with tokens signed in the test and Notary's JWKS served by a real HTTPS server:
 * the whole authentication matrix with exact statuses and messages, clock skew, and values read back
 * byte for byte.
 */
@QuarkusTest
@QuarkusTestResource(SafeTlsResource.class)
class WorkloadApiTest {

    private static final String SECRETS = "/workload/v1/secrets";
    private static final String RFC3339 = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";
    private static final String BILLING = workload("billing", "team-a");
    private static final String PAYROLL = workload("payroll", "team-a");

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @BeforeEach
    void storeSecrets() {
        store("billing", "team-a", "billing-secret", false);
        store("payroll", "team-a", "payroll-secret", false);
    }

    @Test
    void validTokenReadsOwnSecret() {
        get(TestTokens.token(BILLING)).then().statusCode(200)
                .body("data", equalTo("billing-secret"))
                .body("created", matchesPattern(RFC3339))
                .body("updated", matchesPattern(RFC3339));
    }

    @Test
    void severalValuesComeAsArray() {
        store("multi", "team-a", "one", false);
        store("multi", "team-a", "two", true);

        Response response = get(TestTokens.token(workload("multi", "team-a")));

        response.then().statusCode(200);
        assertEquals(List.of("one", "two"), response.jsonPath().getList("data"));
    }

    @Test
    void missingTokenGets401WithChallenge() {
        TestTls.anonymous(url).get(SECRETS).then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("error", equalTo("unauthorized"))
                .body("message", equalTo("a bearer token is required: send 'Authorization: Bearer <token>' with a"
                        + " JWT-SVID from Notary"));
        TestTls.anonymous(url).header("Authorization", "Basic dXNlcjpwYXNz").get(SECRETS).then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("message", equalTo("the 'Authorization' header is invalid: it must be 'Bearer <token>' with a"
                        + " JWT-SVID from Notary"));
    }

    @Test
    void garbageTokenGets401() {
        rejected("not-a-jwt", "the bearer token is malformed: it must be a signed JWT in compact form");
        rejected("a.b.c", "the bearer token is malformed: it must be a signed JWT in compact form");
    }

    @Test
    void expiredTokenGets401() {
        Instant now = Instant.now();
        String token = TestTokens.token(BILLING, claims -> {
            claims.setIssuedAt(seconds(now.minusSeconds(600)));
            claims.setNotBefore(seconds(now.minusSeconds(600)));
            claims.setExpirationTime(seconds(now.minusSeconds(300)));
        });

        rejected(token, "the bearer token has expired (clock skew allowed: 30 seconds): request a new token from Notary");
    }

    @Test
    void tokenNotYetValidGets401() {
        Instant now = Instant.now();
        String token = TestTokens.token(BILLING, claims -> {
            claims.setNotBefore(seconds(now.plusSeconds(300)));
            claims.setExpirationTime(seconds(now.plusSeconds(600)));
        });

        rejected(token, "the bearer token is not valid yet (clock skew allowed: 30 seconds)");
    }

    @Test
    void wrongIssuerGets401() {
        rejected(TestTokens.token(BILLING, claims -> claims.setIssuer("https://evil.test")),
                "the bearer token's issuer is invalid: it must be https://notary.test");
        rejected(TestTokens.token(BILLING, claims -> claims.unsetClaim("iss")),
                "the bearer token's issuer is invalid: it must be https://notary.test");
    }

    @Test
    void wrongAudienceGets401() {
        rejected(TestTokens.token(BILLING, claims -> claims.setAudience("aegis-notary")),
                "the bearer token's audience is invalid: it must contain 'aegis-safe'");
        rejected(TestTokens.token(BILLING, claims -> claims.unsetClaim("aud")),
                "the bearer token's audience is invalid: it must contain 'aegis-safe'");
    }

    @Test
    void audienceListContainingSafeIsAccepted() {
        get(TestTokens.token(BILLING, claims -> claims.setAudience("aegis-notary", "aegis-safe")))
                .then().statusCode(200).body("data", equalTo("billing-secret"));
    }

    @Test
    void missingExpiryGets401() {
        rejected(TestTokens.token(BILLING, claims -> claims.unsetClaim("exp")),
                "the bearer token has no expiry: it must carry an 'exp' claim");
    }

    @Test
    void tamperedSignatureGets401() {
        String token = TestTokens.token(BILLING);
        String[] parts = token.split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[10] ^= 0x01;
        String tampered = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);

        rejected(tampered, "the bearer token's signature is invalid");
    }

    @Test
    void tamperedPayloadGets401() {
        String[] billing = TestTokens.token(BILLING).split("\\.");
        String[] payroll = TestTokens.token(PAYROLL).split("\\.");

        rejected(billing[0] + "." + payroll[1] + "." + billing[2], "the bearer token's signature is invalid");
    }

    @Test
    void algorithmNoneGets401() {
        String header = base64Url("{\"alg\":\"none\",\"kid\":\"" + TestTokens.KEY_ID + "\"}");
        String payload = base64Url(TestTokens.claims(BILLING).toJson());

        rejected(header + "." + payload + ".", "the bearer token's algorithm is not allowed: only ES256 is accepted");
    }

    @Test
    void algorithmHs256Gets401() {
        String token = TestTokens.sign(TestTokens.claims(BILLING), TestTokens.KEY_ID, jws -> {
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            jws.setKey(new HmacKey(new byte[32]));
        });

        rejected(token, "the bearer token's algorithm is not allowed: only ES256 is accepted");
    }

    @Test
    void missingKeyIdGets401() {
        String token = TestTokens.sign(TestTokens.claims(BILLING), TestTokens.KEY_ID, jws -> jws.setKeyIdHeaderValue(null));

        rejected(token, "the bearer token has no 'kid' header: it must name a key in Notary's JWKS");
    }

    @Test
    void keyNotInJwksGets401() {
        PublicJsonWebKey rogue = TestTokens.newKey("rogue-" + UUID.randomUUID());
        TestTokens.writeKey(TestTls.directory(), rogue);

        rejected(TestTokens.sign(TestTokens.claims(BILLING), rogue.getKeyId(), jws -> {
        }), "the bearer token's signing key is not in Notary's JWKS: request a new token from Notary");
    }

    @Test
    void knownKeyIdWithOtherKeyGets401() {
        PublicJsonWebKey rogue = TestTokens.newKey("rogue-" + UUID.randomUUID());
        TestTokens.writeKey(TestTls.directory(), rogue);
        String token = TestTokens.sign(TestTokens.claims(BILLING), rogue.getKeyId(),
                jws -> jws.setKeyIdHeaderValue(TestTokens.KEY_ID));

        rejected(token, "the bearer token's signature is invalid");
    }

    @Test
    void otherWorkloadGetsOnlyItsOwnSecret() {
        get(TestTokens.token(PAYROLL)).then().statusCode(200).body("data", equalTo("payroll-secret"));
        get(TestTokens.token(workload("intruder", "team-a"))).then().statusCode(404)
                .body("error", equalTo("not_found"))
                .body("message", equalTo("no secret is registered for workload 'intruder' in namespace 'team-a'"));
    }

    @Test
    void sameNameInOtherNamespaceGets404() {
        get(TestTokens.token(workload("billing", "team-b"))).then().statusCode(404)
                .body("error", equalTo("not_found"))
                .body("message", equalTo("no secret is registered for workload 'billing' in namespace 'team-b'"));
    }

    @Test
    void systemIdentityGets403() {
        for (SystemComponent component : SystemComponent.values()) {
            SpiffeId id = SpiffeId.system(TestTls.TRUST_DOMAIN, component);

            get(TestTokens.token(id.toString())).then().statusCode(403)
                    .body("error", equalTo("forbidden"))
                    .body("message", equalTo("identity " + id + " is an Aegis component: only workloads receive"
                            + " workload secrets"));
        }
    }

    @Test
    void otherTrustDomainGets401() {
        String other = SpiffeId.workload("other.example", "billing", "team-a", "billing", "billing-0").toString();

        rejected(TestTokens.token(other), "the bearer token's subject is invalid: its trust domain must be test.aegis.ist");
    }

    @Test
    void subjectNotSpiffeIdGets401() {
        rejected(TestTokens.token("system:serviceaccount:team-a:billing"),
                "the bearer token's subject is invalid: it must be an Aegis workload SPIFFE ID");
        rejected(TestTokens.token(BILLING, claims -> claims.unsetClaim("sub")),
                "the bearer token has no subject: it must carry a workload SPIFFE ID in 'sub'");
    }

    @Test
    void clockSkewWithinLeewayAccepted() {
        Instant now = Instant.now();
        String expired20SecondsAgo = TestTokens.token(BILLING, claims -> {
            claims.setIssuedAt(seconds(now.minusSeconds(320)));
            claims.setNotBefore(seconds(now.minusSeconds(320)));
            claims.setExpirationTime(seconds(now.minusSeconds(20)));
        });
        String valid20SecondsAhead = TestTokens.token(BILLING, claims -> {
            claims.setIssuedAt(seconds(now.plusSeconds(20)));
            claims.setNotBefore(seconds(now.plusSeconds(20)));
            claims.setExpirationTime(seconds(now.plusSeconds(320)));
        });

        get(expired20SecondsAgo).then().statusCode(200).body("data", equalTo("billing-secret"));
        get(valid20SecondsAhead).then().statusCode(200).body("data", equalTo("billing-secret"));
    }

    @Test
    void clockSkewBeyondLeewayRejected() {
        Instant now = Instant.now();
        String expired90SecondsAgo = TestTokens.token(BILLING, claims -> {
            claims.setIssuedAt(seconds(now.minusSeconds(390)));
            claims.setNotBefore(seconds(now.minusSeconds(390)));
            claims.setExpirationTime(seconds(now.minusSeconds(90)));
        });
        String valid90SecondsAhead = TestTokens.token(BILLING, claims -> {
            claims.setIssuedAt(seconds(now.plusSeconds(90)));
            claims.setNotBefore(seconds(now.plusSeconds(90)));
            claims.setExpirationTime(seconds(now.plusSeconds(390)));
        });

        rejected(expired90SecondsAgo, "the bearer token has expired (clock skew allowed: 30 seconds): request a new"
                + " token from Notary");
        rejected(valid90SecondsAhead, "the bearer token is not valid yet (clock skew allowed: 30 seconds)");
    }

    @Test
    void workloadApiNeedsNoClientCertificate() {
        // Every request in this class is anonymous at the TLS layer; this one also presents the Sentinel's certificate.
        TestTls.asSentinel(url).header("Authorization", "Bearer " + TestTokens.token(BILLING)).get(SECRETS)
                .then().statusCode(200).body("data", equalTo("billing-secret"));
    }

    @Test
    void bearerTokenDoesNotOpenSentinelApi() {
        TestTls.anonymous(url).header("Authorization", "Bearer " + TestTokens.token(BILLING)).get("/sentinel/v1/secrets")
                .then().statusCode(401).body("error", equalTo("unauthorized"));
    }

    @Test
    void rotatedKeyAcceptedAfterRefetch() {
        Path dir = TestTls.directory();
        PublicJsonWebKey first = readKey(TestTokens.KEY_ID);
        PublicJsonWebKey next = TestTokens.newKey("rotated-" + UUID.randomUUID());
        TestTokens.writeKey(dir, next);
        try {
            TestTokens.publish(dir, List.of(first, next));
            String token = TestTokens.sign(TestTokens.claims(BILLING), next.getKeyId(), jws -> {
            });

            // An unknown key ID is fetched again at most once a second in this configuration.
            await("Safe accepting the rotated key").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300))
                    .until(() -> get(token).statusCode() == 200);
            get(token).then().statusCode(200).body("data", equalTo("billing-secret"));
            get(TestTokens.token(BILLING)).then().statusCode(200);
        } finally {
            TestTokens.publish(dir, List.of(first));
        }
    }

    @Test
    void jwksFailureGets503() {
        Path dir = TestTls.directory();
        PublicJsonWebKey first = readKey(TestTokens.KEY_ID);
        PublicJsonWebKey unknown = TestTokens.newKey("unknown-" + UUID.randomUUID());
        TestTokens.writeKey(dir, unknown);
        String token = TestTokens.sign(TestTokens.claims(BILLING), unknown.getKeyId(), jws -> {
        });
        TestTokens.breakJwks(dir);
        try {
            await("Safe failing to fetch the JWKS").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300))
                    .until(() -> get(token).statusCode() == 503);
            get(TestTokens.token(BILLING)).then().statusCode(200);
        } finally {
            TestTokens.publish(dir, List.of(first));
        }
        await("Safe fetching the JWKS again").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300))
                .until(() -> get(token).statusCode() == 401);
    }

    @Test
    void jwksFailureBodyIsJson() {
        Path dir = TestTls.directory();
        PublicJsonWebKey first = readKey(TestTokens.KEY_ID);
        PublicJsonWebKey unknown = TestTokens.newKey("unknown-" + UUID.randomUUID());
        TestTokens.writeKey(dir, unknown);
        String token = TestTokens.sign(TestTokens.claims(BILLING), unknown.getKeyId(), jws -> {
        });
        TestTokens.breakJwks(dir);
        try {
            await("Safe failing to fetch the JWKS").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300))
                    .until(() -> get(token).statusCode() == 503);
            // Within the minimum refresh interval the same token gets 401; wait for the next fetch.
            Response response = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300))
                    .until(() -> get(token), r -> r.statusCode() == 503);
            response.then()
                    .body("error", equalTo("unavailable"))
                    .body("message", equalTo("failed to fetch Notary's signing keys, so the token cannot be verified"
                            + " now: retry later"));
        } finally {
            TestTokens.publish(dir, List.of(first));
        }
    }

    @Test
    void trickyValuesRoundTripOverHttp() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        String token = TestTokens.token(workload("tricky", "round-trip"));
        for (String value : TrickyValues.ALL) {
            TestTls.asSentinel(url).contentType("application/json")
                    .body(mapper.writeValueAsBytes(Map.of("workload", "tricky", "namespace", "round-trip", "value", value)))
                    .post("/sentinel/v1/secrets").then().statusCode(200);

            byte[] body = get(token).then().statusCode(200).extract().asByteArray();

            JsonNode data = mapper.readTree(body).get("data");
            assertTrue(data.isTextual(), value);
            assertArrayEquals(value.getBytes(StandardCharsets.UTF_8), data.textValue().getBytes(StandardCharsets.UTF_8),
                    value);
        }
    }

    @Test
    void rejectionMessagesNeverContainToken() {
        String token = TestTokens.token(BILLING, claims -> claims.setIssuer("https://evil.test"));
        String signature = token.substring(token.lastIndexOf('.') + 1);

        String body = get(token).then().statusCode(401).extract().asString();

        assertFalse(body.contains(signature), body);
        assertFalse(body.contains("evil.test"), body);
    }

    @Test
    void tokenNeverInLog() {
        String valid = TestTokens.token(BILLING);
        String wrongIssuer = TestTokens.token(BILLING, claims -> claims.setIssuer("https://evil.test"));
        String system = TestTokens.token(SpiffeId.system(TestTls.TRUST_DOMAIN, SystemComponent.NOTARY).toString());

        String log;
        try (LogCapture capture = LogCapture.start()) {
            get(valid).then().statusCode(200);
            get(wrongIssuer).then().statusCode(401);
            get(system).then().statusCode(403);
            get("not-a-jwt-" + valid).then().statusCode(401);
            log = capture.text();
        }

        for (String token : List.of(valid, wrongIssuer, system)) {
            String signature = token.substring(token.lastIndexOf('.') + 1);
            String payload = token.split("\\.")[1];
            assertFalse(log.contains(signature), log);
            assertFalse(log.contains(payload), log);
        }
        assertTrue(log.contains("Secret read: workload 'billing' in namespace 'team-a', version"), log);
        assertFalse(log.contains("billing-secret"), log);
    }

    private Response get(String token) {
        return TestTls.anonymous(url).header("Authorization", "Bearer " + token).get(SECRETS);
    }

    private void rejected(String token, String message) {
        get(token).then().statusCode(401)
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .body("error", equalTo("unauthorized"))
                .body("message", equalTo(message));
    }

    private void store(String workload, String namespace, String value, boolean append) {
        RequestSpecification request = TestTls.asSentinel(url).contentType("application/json");
        request.body(Map.of("workload", workload, "namespace", namespace, "value", value, "append", append))
                .post("/sentinel/v1/secrets").then().statusCode(200);
    }

    private static PublicJsonWebKey readKey(String keyId) {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(
                    java.nio.file.Files.readString(TestTls.directory().resolve("signing-" + keyId + ".jwk")));
        } catch (IOException | org.jose4j.lang.JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String workload(String name, String namespace) {
        return SpiffeId.workload(TestTls.TRUST_DOMAIN, name, namespace, name, name + "-0").toString();
    }

    private static NumericDate seconds(Instant instant) {
        return NumericDate.fromSeconds(instant.getEpochSecond());
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
