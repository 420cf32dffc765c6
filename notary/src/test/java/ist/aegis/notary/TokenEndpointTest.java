package ist.aegis.notary;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import ist.aegis.common.dev.DevServiceAccountToken;
import ist.aegis.common.wire.Rfc3339;
import ist.aegis.notary.attest.Attestor;
import ist.aegis.notary.attest.DevAttestor;
import ist.aegis.notary.attest.KubernetesAttestor;
import ist.aegis.notary.keys.KeyRingCodec;
import ist.aegis.notary.keys.store.KubernetesSecretKeyHolder;

import jakarta.inject.Inject;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /notary/v1/token} and {@code GET /notary/v1/jwks} over HTTPS against the fabric8 mock
 * API server: pods live in its CRUD store, and {@link TokenReviews} returns the TokenReview results.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = TokenReviews.class)
@WithTestResource(NotaryTlsResource.class)
class TokenEndpointTest {

    private static final String ISSUER = "https://aegis-notary.aegis-system.svc";
    private static final String BEARER_INVALID = "Bearer realm=\"aegis-notary\", error=\"invalid_token\"";

    @Inject
    KubernetesClient client;

    @TestHTTPResource(tls = true)
    URL base;

    @TestHTTPResource(management = true)
    URL management;

    @Test
    void validPodGetsVerifiableSvid() throws Exception {
        Pod pod = createPod("valid-pod", "billing-0", "billing", null);

        Response response = https().header("Authorization", "Bearer " + ServiceAccountTokens.boundTo(pod))
                .post("/notary/v1/token");

        assertEquals(200, response.statusCode());
        String spiffeId = "spiffe://aegis.ist/workload/billing/ns/valid-pod/sa/billing/n/billing-0";
        assertEquals(spiffeId, response.jsonPath().getString("spiffeId"));
        String token = response.jsonPath().getString("token");

        // Verify as Safe does: against the served JWKS, with issuer and audience.
        JsonWebKeySet jwks = new JsonWebKeySet(https().get("/notary/v1/jwks").then().statusCode(200).extract().asString());
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
                .setExpectedIssuer(ISSUER)
                .setExpectedAudience("aegis-safe")
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireNotBefore()
                .setRequireJwtId()
                .build();
        var context = consumer.process(token);
        JwtClaims claims = context.getJwtClaims();
        assertEquals(spiffeId, claims.getSubject());
        assertEquals(300, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
        assertEquals(claims.getIssuedAt().getValue(), claims.getNotBefore().getValue());
        assertEquals(Rfc3339.format(Instant.ofEpochSecond(claims.getExpirationTime().getValue())),
                response.jsonPath().getString("expiresAt"));
        JsonWebStructure header = context.getJoseObjects().get(0);
        assertEquals("ES256", header.getAlgorithmHeaderValue());
        assertEquals(jwks.getJsonWebKeys().get(0).getKeyId(), header.getKeyIdHeaderValue());
    }

    @Test
    void annotatedPodUsesWorkloadAnnotation() {
        Pod pod = createPod("annotated-pod", "api-7d9f", "default", "invoices");

        https().header("Authorization", "Bearer " + ServiceAccountTokens.boundTo(pod))
                .post("/notary/v1/token")
                .then().statusCode(200)
                .body("spiffeId", equalTo("spiffe://aegis.ist/workload/invoices/ns/annotated-pod/sa/default/n/api-7d9f"));
    }

    @Test
    void eachTokenHasUniqueJti() throws Exception {
        Pod pod = createPod("unique-jti", "billing-0", "billing", null);
        String serviceAccountToken = ServiceAccountTokens.boundTo(pod);

        String first = issue(serviceAccountToken);
        String second = issue(serviceAccountToken);

        assertFalse(jti(first).equals(jti(second)), "two JWT-SVIDs share a jti");
    }

    @Test
    void otherAudienceRejected() {
        Pod pod = createPod("other-audience", "billing-0", "billing", null);
        String audienceAware = ServiceAccountTokens.reviewedAs(ServiceAccountTokens.status("other-audience", "billing",
                "billing-0", pod.getMetadata().getUid(), List.of("vault")));
        String audienceError = ServiceAccountTokens.reviewedAs(new TokenReviewStatusBuilder()
                .withAuthenticated(false)
                .withError("[invalid bearer token, token audiences [\"vault\"] is invalid for the target audiences"
                        + " [\"aegis-notary\"]]")
                .build());
        String apiServerOnly = ServiceAccountTokens.reviewedAs(ServiceAccountTokens.status("other-audience", "billing",
                "billing-0", pod.getMetadata().getUid(), List.of()));

        for (String token : List.of(audienceAware, audienceError, apiServerOnly)) {
            assertUnauthorized(token,
                    "service-account token has the wrong audience: it must be issued for 'aegis-notary'");
        }
    }

    @Test
    void unauthenticatedReviewRejected() {
        assertUnauthorized(ServiceAccountTokens.reviewedAs(TokenReviews.unauthenticated()),
                "service-account token is invalid or expired");
    }

    @Test
    void userTokenRejected() {
        String token = ServiceAccountTokens.reviewedAs(new TokenReviewStatusBuilder()
                .withAuthenticated(true)
                .withAudiences("aegis-notary")
                .withNewUser().withUsername("alice@example.com").endUser()
                .build());

        assertUnauthorized(token, "bearer token does not belong to a Kubernetes service account");
    }

    @Test
    void tokenNotBoundToPodRejected() {
        String token = ServiceAccountTokens.reviewedAs(new TokenReviewStatusBuilder()
                .withAuthenticated(true)
                .withAudiences("aegis-notary")
                .withNewUser().withUsername("system:serviceaccount:unbound:billing").endUser()
                .build());

        assertUnauthorized(token, "service-account token of 'unbound/billing' is not bound to a pod;"
                + " mount a projected service-account token with the audience 'aegis-notary'");
    }

    @Test
    void deletedPodRejected() {
        String token = ServiceAccountTokens.boundTo("deleted-pod", "billing", "billing-0",
                "5f0c2a4e-0000-4000-8000-000000000001");

        assertUnauthorized(token, "pod 'deleted-pod/billing-0' that the service-account token is bound to was not found");
    }

    @Test
    void replacedPodRejected() {
        Pod pod = createPod("uid-mismatch", "billing-0", "billing", null);
        String token = ServiceAccountTokens.boundTo("uid-mismatch", "billing", "billing-0",
                "5f0c2a4e-0000-4000-8000-000000000002");

        assertUnauthorized(token, "pod 'uid-mismatch/billing-0' has uid '" + pod.getMetadata().getUid()
                + "', but the service-account token is bound to uid '5f0c2a4e-0000-4000-8000-000000000002'");
    }

    @Test
    void terminatedPodRejected() {
        Pod pod = client.pods().inNamespace("terminated-pod").resource(podBuilder("terminated-pod", "job-0", "batch", null)
                .withNewStatus().withPhase("Succeeded").endStatus().build()).create();

        assertUnauthorized(ServiceAccountTokens.boundTo(pod), "pod 'terminated-pod/job-0' is terminated: its phase is Succeeded");
    }

    @Test
    void invalidAnnotationRejected() {
        Pod pod = createPod("invalid-annotation", "billing-0", "billing", "Billing_Service");

        assertUnauthorized(ServiceAccountTokens.boundTo(pod), "invalid workload annotation: pod"
                + " 'invalid-annotation/billing-0' has an 'aegis.ist/workload' annotation that is not valid: it must be a"
                + " DNS-1123 label: at most 63 characters, lowercase letters, digits and '-', starting and ending with a"
                + " letter or digit");
    }

    @Test
    void missingTokenRejected() {
        https().post("/notary/v1/token")
                .then().statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"aegis-notary\"")
                .body("error", equalTo("unauthorized"))
                .body("message", equalTo("bearer token is missing: send the projected service-account token in the"
                        + " header 'Authorization: Bearer <token>'"));
        https().header("Authorization", "Basic YWxpY2U6c2VjcmV0")
                .post("/notary/v1/token")
                .then().statusCode(401)
                .body("message", equalTo("bearer token is missing: the Authorization header must use the Bearer scheme"));
    }

    @Test
    void reviewCachedButPodReadEveryTime() {
        Pod pod = createPod("cached-review", "billing-0", "billing", null);
        String token = ServiceAccountTokens.boundTo(pod);

        int before = TokenReviews.requests();
        issue(token);
        issue(token);
        assertEquals(before + 1, TokenReviews.requests(), "the second request sent another TokenReview");

        client.pods().inNamespace("cached-review").withName("billing-0").delete();
        assertUnauthorized(token, "pod 'cached-review/billing-0' that the service-account token is bound to was not found");
    }

    @Test
    void apiServerErrorIs503() {
        String token = ServiceAccountTokens.jwt();
        TokenReviews.fail(token);

        https().header("Authorization", "Bearer " + token)
                .post("/notary/v1/token")
                .then().statusCode(503)
                .body("error", equalTo("unavailable"))
                .body("message", equalTo("failed to create a TokenReview: the Kubernetes API is unavailable (HTTP 500)"));
    }

    @Test
    void devTokenRejectedWhenDevAttestorOff() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        String devToken = DevServiceAccountToken.issue(generator.generateKeyPair().getPrivate(), "aegis-notary",
                new DevServiceAccountToken.Claims("team-a", "billing", "billing-0", "uid-1", null, null),
                Duration.ofMinutes(10));

        assertUnauthorized(devToken, "service-account token is invalid or expired");
        assertInstanceOf(KubernetesAttestor.class, Arc.container().instance(Attestor.class).get());
        assertFalse(Arc.container().select(DevAttestor.class).isResolvable(), "DevAttestor is a bean");
    }

    @Test
    void jwksPublishesPublicKeyOnly() {
        Response response = https().get("/notary/v1/jwks");

        assertEquals(200, response.statusCode());
        assertTrue(response.contentType().startsWith("application/json"), response.contentType());
        List<Map<String, Object>> keys = response.jsonPath().getList("keys");
        assertEquals(1, keys.size());
        Map<String, Object> key = keys.get(0);
        assertEquals("EC", key.get("kty"));
        assertEquals("P-256", key.get("crv"));
        assertEquals("ES256", key.get("alg"));
        assertEquals("sig", key.get("use"));
        assertNotNull(key.get("x"));
        assertNotNull(key.get("y"));
        assertFalse(key.containsKey("d"), "the JWKS contains a private key");
    }

    @Test
    void signingKeyStoredInSecret() throws Exception {
        Secret secret = client.secrets().inNamespace("test").withName(KubernetesSecretKeyHolder.SECRET_NAME).get();

        assertNotNull(secret, "the signing-key Secret was not created");
        byte[] stored = Base64.getDecoder().decode(secret.getData().get(KubernetesSecretKeyHolder.DATA_KEY));
        String storedKid = KeyRingCodec.decode(stored).current().keyId();
        String servedKid = new JsonWebKeySet(https().get("/notary/v1/jwks").asString()).getJsonWebKeys().get(0).getKeyId();
        assertEquals(storedKid, servedKid);
    }

    @Test
    void wrongMethodGetsJsonError() {
        https().get("/notary/v1/token")
                .then().statusCode(405)
                .body("error", equalTo("invalid_request"))
                .body("message", equalTo("method not allowed: Notary serves POST /notary/v1/token and GET /notary/v1/jwks"));
    }

    @Test
    void readinessUpWithSigningKey() {
        given().baseUri("http://localhost:" + management.getPort()).get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    private RequestSpecification https() {
        return given().baseUri(base.toString()).trustStore(NotaryTlsResource.trustStore());
    }

    private String issue(String serviceAccountToken) {
        return https().header("Authorization", "Bearer " + serviceAccountToken)
                .post("/notary/v1/token")
                .then().statusCode(200)
                .extract().jsonPath().getString("token");
    }

    private void assertUnauthorized(String token, String message) {
        https().header("Authorization", "Bearer " + token)
                .post("/notary/v1/token")
                .then().statusCode(401)
                .header("WWW-Authenticate", BEARER_INVALID)
                .body("error", equalTo("unauthorized"))
                .body("message", equalTo(message));
    }

    private Pod createPod(String namespace, String name, String serviceAccount, String workloadAnnotation) {
        return client.pods().inNamespace(namespace)
                .resource(podBuilder(namespace, name, serviceAccount, workloadAnnotation)
                        .withNewStatus().withPhase("Running").endStatus().build())
                .create();
    }

    private static PodBuilder podBuilder(String namespace, String name, String serviceAccount, String workloadAnnotation) {
        PodBuilder builder = new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withUid(java.util.UUID.randomUUID().toString())
                .endMetadata()
                .withNewSpec().withServiceAccountName(serviceAccount).endSpec();
        if (workloadAnnotation != null) {
            builder.editMetadata().addToAnnotations("aegis.ist/workload", workloadAnnotation).endMetadata();
        }
        return builder;
    }

    private static String jti(String token) throws Exception {
        JwtConsumer unverified = new JwtConsumerBuilder().setSkipSignatureVerification().setSkipAllValidators().build();
        return unverified.processToClaims(token).getJwtId();
    }

}
