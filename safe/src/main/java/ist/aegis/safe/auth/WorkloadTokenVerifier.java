package ist.aegis.safe.auth;

import ist.aegis.common.identity.SpiffeId;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Checks a workload's JWT-SVID and returns its SPIFFE ID. The checks, in order: an
 * {@code Authorization: Bearer} header; a JWS compact serialization; algorithm ES256 only; a
 * {@code kid} that names a key in Notary's JWKS; the signature; {@code exp} present and not past,
 * and {@code nbf} not in the future, both with the configured leeway; {@code iss} equal to the
 * configured issuer; {@code aud} containing {@code aegis-safe}; {@code sub} a workload SPIFFE ID
 * in Safe's trust domain. A system ID passes every check but is forbidden (403).
 *
 * <p>Thread-safe. It trusts the {@link JwksCache} for the keys and nothing in the token before the
 * signature is verified. No message it produces contains the token or a part of it.
 */
public final class WorkloadTokenVerifier {

    private static final String BEARER = "bearer ";
    private static final String ES256 = AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256;

    private final JwksCache keys;
    private final Clock clock;
    private final String issuer;
    private final String audience;
    private final Duration leeway;
    private final String trustDomain;

    public WorkloadTokenVerifier(JwksCache keys, Clock clock, String issuer, String audience, Duration leeway,
            String trustDomain) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.leeway = Objects.requireNonNull(leeway, "leeway");
        this.trustDomain = Objects.requireNonNull(trustDomain, "trustDomain");
    }

    /**
     * Verifies the token in an {@code Authorization} header value.
     *
     * @param authorization the header value, or {@code null} when the request has none
     * @return the workload's SPIFFE ID
     * @throws TokenRejectedException when a check fails (401) or the ID is a system ID (403)
     * @throws JwksUnavailableException when Notary's keys are needed but cannot be fetched (503)
     */
    public SpiffeId verify(String authorization) {
        String token = bearerToken(authorization);

        // Read the header without trusting it, to pick the algorithm and the key.
        JsonWebSignature jws = parse(token);
        if (!ES256.equals(jws.getAlgorithmHeaderValue())) {
            throw TokenRejectedException.invalid("the bearer token's algorithm is not allowed: only ES256 is accepted");
        }
        String keyId = jws.getKeyIdHeaderValue();
        if (keyId == null || keyId.isEmpty()) {
            throw TokenRejectedException.invalid("the bearer token has no 'kid' header: it must name a key in Notary's JWKS");
        }
        PublicKey key = keys.key(keyId).orElseThrow(() -> TokenRejectedException.invalid(
                "the bearer token's signing key is not in Notary's JWKS: request a new token from Notary"));

        // Verify the signature and the registered claims.
        JwtClaims claims = validate(token, key);

        // The subject must be a workload of this trust domain.
        return workloadId(claims);
    }

    private static String bearerToken(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw TokenRejectedException.missing("a bearer token is required: send 'Authorization: Bearer <token>'"
                    + " with a JWT-SVID from Notary");
        }
        if (authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            throw TokenRejectedException.missing("the 'Authorization' header is invalid: it must be 'Bearer <token>'"
                    + " with a JWT-SVID from Notary");
        }
        return authorization.substring(BEARER.length()).trim();
    }

    private static JsonWebSignature parse(String token) {
        JsonWebStructure structure;
        try {
            structure = JsonWebStructure.fromCompactSerialization(token);
        } catch (JoseException | RuntimeException e) {
            throw malformed();
        }
        if (!(structure instanceof JsonWebSignature jws)) {
            throw malformed();
        }
        return jws;
    }

    private static TokenRejectedException malformed() {
        return TokenRejectedException.invalid("the bearer token is malformed: it must be a signed JWT in compact form");
    }

    private JwtClaims validate(String token, PublicKey key) {
        long leewaySeconds = leeway.toSeconds();
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, ES256)
                .setVerificationKey(key)
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds((int) Math.min(Integer.MAX_VALUE, leewaySeconds))
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                .setExpectedIssuer(true, issuer)
                .setExpectedAudience(true, audience)
                .setRequireSubject()
                .build();
        try {
            return consumer.processToClaims(token);
        } catch (InvalidJwtException e) {
            throw TokenRejectedException.invalid(describe(e, leewaySeconds));
        }
    }

    private String describe(InvalidJwtException e, long leewaySeconds) {
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return "the bearer token's signature is invalid";
        }
        if (e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
            return "the bearer token has no expiry: it must carry an 'exp' claim";
        }
        if (e.hasExpired()) {
            return "the bearer token has expired (clock skew allowed: " + leewaySeconds + " seconds):"
                    + " request a new token from Notary";
        }
        if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
            return "the bearer token is not valid yet (clock skew allowed: " + leewaySeconds + " seconds)";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_MISSING) || e.hasErrorCode(ErrorCodes.ISSUER_INVALID)) {
            return "the bearer token's issuer is invalid: it must be " + issuer;
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING) || e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID)) {
            return "the bearer token's audience is invalid: it must contain '" + audience + "'";
        }
        if (e.hasErrorCode(ErrorCodes.SUBJECT_MISSING)) {
            return "the bearer token has no subject: it must carry a workload SPIFFE ID in 'sub'";
        }
        if (e.hasErrorCode(ErrorCodes.MALFORMED_CLAIM) || e.hasErrorCode(ErrorCodes.JSON_INVALID)) {
            return "the bearer token's claims are malformed";
        }
        return "the bearer token is invalid";
    }

    private SpiffeId workloadId(JwtClaims claims) {
        SpiffeId id;
        try {
            id = SpiffeId.parse(claims.getSubject());
        } catch (MalformedClaimException | IllegalArgumentException e) {
            throw TokenRejectedException.invalid("the bearer token's subject is invalid: it must be an Aegis workload"
                    + " SPIFFE ID");
        }
        if (!trustDomain.equals(id.trustDomain())) {
            throw TokenRejectedException.invalid("the bearer token's subject is invalid: its trust domain must be "
                    + trustDomain);
        }
        if (id.isSystem()) {
            throw TokenRejectedException.forbidden("identity " + id + " is an Aegis component: only workloads"
                    + " receive workload secrets");
        }
        return id;
    }
}
