package ist.aegis.notary;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Projected service-account tokens as a kubelet would mount them, each registered with
 * {@link TokenReviews} so that the mock API server reviews it. The tokens are real JWTs, because
 * Notary reads their expiry, but signed by a key of this class. Only the review result registered
 * with the mock decides whether a token is valid.
 */
public final class ServiceAccountTokens {

    public static final String AUDIENCE = "aegis-notary";

    private static final EllipticCurveJsonWebKey KEY = newKey();

    private ServiceAccountTokens() {
    }

    /** Creates a token for {@code pod}'s service account, bound to the pod, that the API server accepts. */
    public static String boundTo(Pod pod) {
        return boundTo(pod.getMetadata().getNamespace(), pod.getSpec().getServiceAccountName(),
                pod.getMetadata().getName(), pod.getMetadata().getUid());
    }

    /** Creates a token bound to the named pod, whether or not that pod exists. */
    public static String boundTo(String namespace, String serviceAccount, String podName, String podUid) {
        String token = jwt();
        TokenReviews.answer(token, status(namespace, serviceAccount, podName, podUid, List.of(AUDIENCE)));
        return token;
    }

    /** Creates a token that the API server reviews with {@code status}. */
    public static String reviewedAs(TokenReviewStatus status) {
        String token = jwt();
        TokenReviews.answer(token, status);
        return token;
    }

    /** Returns the status of an authenticated, pod-bound service-account token with the given audiences. */
    public static TokenReviewStatus status(String namespace, String serviceAccount, String podName, String podUid,
            List<String> audiences) {
        return new TokenReviewStatusBuilder()
                .withAuthenticated(true)
                .withAudiences(audiences)
                .withNewUser()
                .withUsername("system:serviceaccount:" + namespace + ":" + serviceAccount)
                .withUid(UUID.randomUUID().toString())
                .withGroups("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated")
                .withExtra(Map.of(
                        "authentication.kubernetes.io/pod-name", List.of(podName),
                        "authentication.kubernetes.io/pod-uid", List.of(podUid)))
                .endUser()
                .build();
    }

    /** Creates a JWT-shaped token that expires in an hour. */
    public static String jwt() {
        Instant now = Instant.now();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("https://kubernetes.default.svc");
        claims.setAudience(AUDIENCE);
        claims.setSubject("system:serviceaccount:test:test");
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.plus(Duration.ofHours(1)).getEpochSecond()));
        claims.setJwtId(UUID.randomUUID().toString());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setKey(KEY.getPrivateKey());
        try {
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException("failed to sign a test service-account token", e);
        }
    }

    private static EllipticCurveJsonWebKey newKey() {
        try {
            return EcJwkGenerator.generateJwk(EllipticCurves.P256);
        } catch (Exception e) {
            throw new IllegalStateException("failed to generate a test key", e);
        }
    }
}
