package ist.aegis.notary;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.quarkus.arc.Arc;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import ist.aegis.common.dev.DevServiceAccountToken;
import ist.aegis.notary.attest.Attestor;
import ist.aegis.notary.attest.DevAttestor;
import ist.aegis.notary.keys.KeyRingCodec;

import org.jose4j.jwk.JsonWebKeySet;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;

/** The dev attestor switched on, with the signing keys in a file, as dev mode runs Notary. */
@QuarkusTest
@TestProfile(DevAttestorProfile.class)
class DevAttestorTest {

    private static final DevServiceAccountToken.Claims POD = new DevServiceAccountToken.Claims("team-a", "billing",
            "billing-dev", "0b6c7a52-4c1e-4a57-9d53-2b1c1f3b9a10", null, null);

    @TestHTTPResource(tls = true)
    URL base;

    @Test
    void devTokenGetsSvid() {
        String token = devToken(DevAttestorProfile.DevKeys.keyPair().getPrivate(), "aegis-notary", POD);

        https().header("Authorization", "Bearer " + token)
                .post("/notary/v1/token")
                .then().statusCode(200)
                .body("spiffeId", equalTo("spiffe://aegis.ist/workload/billing/ns/team-a/sa/billing/n/billing-dev"));
        assertInstanceOf(DevAttestor.class, Arc.container().instance(Attestor.class).get());
    }

    @Test
    void workloadClaimNamesWorkload() {
        var annotated = new DevServiceAccountToken.Claims("team-a", "default", "api-dev", "uid-2", "invoices", null);

        https().header("Authorization", "Bearer " + devToken(DevAttestorProfile.DevKeys.keyPair().getPrivate(),
                        "aegis-notary", annotated))
                .post("/notary/v1/token")
                .then().statusCode(200)
                .body("spiffeId", equalTo("spiffe://aegis.ist/workload/invoices/ns/team-a/sa/default/n/api-dev"));
    }

    @Test
    void svidEndsWithShortLivedToken() {
        String token = DevServiceAccountToken.issue(DevAttestorProfile.DevKeys.keyPair().getPrivate(), "aegis-notary",
                POD, Duration.ofSeconds(60));
        Instant tokenExpiresAt = DevServiceAccountToken.verify(DevAttestorProfile.DevKeys.keyPair().getPublic(),
                "aegis-notary", token).expiresAt();

        String expiresAt = https().header("Authorization", "Bearer " + token)
                .post("/notary/v1/token")
                .then().statusCode(200)
                .extract().path("expiresAt");
        assertEquals(tokenExpiresAt, Instant.parse(expiresAt));
    }

    @Test
    void garbageTokenNamedMalformed() {
        assertUnauthorized("garbage", "dev service-account token is malformed: it must be a signed JWT in compact form");
    }

    @Test
    void otherKeyRejected() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));

        assertUnauthorized(devToken(generator.generateKeyPair().getPrivate(), "aegis-notary", POD),
                "dev service-account token has an invalid signature");
    }

    @Test
    void otherAudienceRejected() {
        assertUnauthorized(devToken(DevAttestorProfile.DevKeys.keyPair().getPrivate(), "vault", POD),
                "dev service-account token has the wrong audience");
    }

    @Test
    void invalidWorkloadClaimRejected() {
        var annotated = new DevServiceAccountToken.Claims("team-a", "default", "api-dev", "uid-2", "Invoices", null);

        assertUnauthorized(devToken(DevAttestorProfile.DevKeys.keyPair().getPrivate(), "aegis-notary", annotated),
                "invalid workload annotation: pod 'team-a/api-dev' has an 'aegis.ist/workload' annotation that is not"
                        + " valid: it must be a DNS-1123 label: at most 63 characters, lowercase letters, digits and '-',"
                        + " starting and ending with a letter or digit");
    }

    @Test
    void signingKeysKeptInOwnerOnlyFile() throws Exception {
        var file = DevAttestorProfile.DevKeys.keyFile();

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String storedKid = KeyRingCodec.decode(Files.readAllBytes(file)).current().keyId();
        String servedKid = new JsonWebKeySet(https().get("/notary/v1/jwks").asString()).getJsonWebKeys().get(0).getKeyId();
        assertEquals(storedKid, servedKid);
    }

    private RequestSpecification https() {
        return given().baseUri(base.toString()).trustStore(NotaryTlsResource.trustStore());
    }

    private void assertUnauthorized(String token, String message) {
        https().header("Authorization", "Bearer " + token)
                .post("/notary/v1/token")
                .then().statusCode(401)
                .body("error", equalTo("unauthorized"))
                .body("message", equalTo(message));
    }

    private static String devToken(PrivateKey key, String audience, DevServiceAccountToken.Claims claims) {
        return DevServiceAccountToken.issue(key, audience, claims, Duration.ofMinutes(10));
    }
}
