package ist.aegis.common.dev;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Dev-mode service-account tokens: ES256 JWTs shaped like Kubernetes projected service-account
 * tokens, signed by a key under {@code .aegis-dev/}. For development only: Notary accepts them only
 * when its dev attestor was switched on, in place of a Kubernetes TokenReview.
 *
 * <p>Claims: {@code iss} {@value #ISSUER}, {@code aud}, {@code sub}
 * {@code system:serviceaccount:<namespace>:<service-account>}, {@code iat}, {@code nbf}, {@code exp},
 * the {@code kubernetes.io} object with {@code namespace}, {@code pod} ({@code name}, {@code uid}) and
 * {@code serviceaccount} ({@code name}), and {@value #WORKLOAD_CLAIM}, which replaces the pod's
 * workload annotation because a dev pod has no object to annotate.
 */
public final class DevServiceAccountToken {

    /** The issuer of every dev service-account token. */
    public static final String ISSUER = "aegis-dev";

    /** The claim that carries the pod's {@code aegis.ist/workload} annotation, when the pod has one. */
    public static final String WORKLOAD_CLAIM = "aegis.ist/workload";

    private static final String KUBERNETES_CLAIM = "kubernetes.io";

    private DevServiceAccountToken() {
    }

    /** The pod claims of a verified dev token. {@code workloadAnnotation} is {@code null} when absent. */
    public record Claims(String namespace, String serviceAccount, String podName, String podUid,
            String workloadAnnotation, Instant expiresAt) {
    }

    /** Signs a dev token for a pod; {@code workloadAnnotation} may be {@code null}. */
    public static String issue(PrivateKey key, String audience, Claims claims, Duration lifetime) {
        Instant now = Instant.now();
        JwtClaims jwt = new JwtClaims();
        jwt.setIssuer(ISSUER);
        jwt.setAudience(audience);
        jwt.setSubject("system:serviceaccount:" + claims.namespace() + ":" + claims.serviceAccount());
        jwt.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        jwt.setNotBefore(NumericDate.fromSeconds(now.getEpochSecond()));
        jwt.setExpirationTime(NumericDate.fromSeconds(now.plus(lifetime).getEpochSecond()));
        jwt.setClaim(KUBERNETES_CLAIM, Map.of(
                "namespace", claims.namespace(),
                "pod", Map.of("name", claims.podName(), "uid", claims.podUid()),
                "serviceaccount", Map.of("name", claims.serviceAccount())));
        if (claims.workloadAnnotation() != null) {
            jwt.setClaim(WORKLOAD_CLAIM, claims.workloadAnnotation());
        }

        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(jwt.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setHeader("typ", "JWT");
        jws.setKey(key);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("failed to sign dev service-account token", e);
        }
    }

    /**
     * Verifies a dev token's signature, issuer, audience and expiry, and returns its pod claims.
     *
     * @throws InvalidDevTokenException naming the check that failed; the message never contains the token
     */
    public static Claims verify(PublicKey key, String audience, String token) {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKey(key)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setExpectedIssuer(ISSUER)
                .setExpectedAudience(audience)
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(30)
                .build();
        if (token == null || token.split("\\.", -1).length != 3) {
            throw new InvalidDevTokenException("dev service-account token is malformed: it must be a signed JWT in compact form");
        }
        JwtClaims jwt;
        try {
            jwt = consumer.processToClaims(token);
        } catch (InvalidJwtException e) {
            throw new InvalidDevTokenException(describe(e));
        }

        try {
            Map<String, Object> kubernetes = jwt.getClaimValue(KUBERNETES_CLAIM, Map.class);
            if (kubernetes == null) {
                throw new InvalidDevTokenException("dev service-account token has no 'kubernetes.io' claim");
            }
            Map<?, ?> pod = (Map<?, ?>) kubernetes.get("pod");
            Map<?, ?> serviceAccount = (Map<?, ?>) kubernetes.get("serviceaccount");
            if (pod == null || serviceAccount == null) {
                throw new InvalidDevTokenException("dev service-account token is not bound to a pod");
            }
            return new Claims(String.valueOf(kubernetes.get("namespace")), String.valueOf(serviceAccount.get("name")),
                    String.valueOf(pod.get("name")), String.valueOf(pod.get("uid")),
                    jwt.getStringClaimValue(WORKLOAD_CLAIM),
                    Instant.ofEpochSecond(jwt.getExpirationTime().getValue()));
        } catch (MalformedClaimException | ClassCastException e) {
            throw new InvalidDevTokenException("dev service-account token has malformed claims");
        }
    }

    private static String describe(InvalidJwtException e) {
        if (e.hasExpired()) {
            return "dev service-account token has expired";
        }
        List<Integer> codes = e.getErrorDetails().stream().map(detail -> detail.getErrorCode()).toList();
        if (codes.contains(org.jose4j.jwt.consumer.ErrorCodes.AUDIENCE_INVALID)) {
            return "dev service-account token has the wrong audience";
        }
        if (codes.contains(org.jose4j.jwt.consumer.ErrorCodes.SIGNATURE_INVALID)) {
            return "dev service-account token has an invalid signature";
        }
        return "dev service-account token is invalid";
    }

    /** A dev token that failed verification; the message names the check. */
    public static final class InvalidDevTokenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InvalidDevTokenException(String message) {
            super(message, null, false, false);
        }
    }
}
