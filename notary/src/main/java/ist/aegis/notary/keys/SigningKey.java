package ist.aegis.notary.keys;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.Map;

/**
 * One ES256 (ECDSA P-256) signing key with its key ID, the RFC 7638 JWK thumbprint of its public
 * key. Immutable once built.
 */
public final class SigningKey {

    private final PublicJsonWebKey jwk;
    private final Instant created;

    private SigningKey(PublicJsonWebKey jwk, Instant created) {
        this.jwk = jwk;
        this.created = created;
    }

    /** Generates a new P-256 key pair, created at {@code now}. */
    public static SigningKey generate(Instant now) {
        try {
            EllipticCurveJsonWebKey jwk = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
            jwk.setUse("sig");
            jwk.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            return new SigningKey(jwk, now);
        } catch (JoseException e) {
            throw new IllegalStateException("failed to generate a P-256 signing key", e);
        }
    }

    /**
     * Rebuilds a key from its private JWK parameters.
     *
     * @throws InvalidKeyRingException when the parameters are not a P-256 private key with a key ID
     */
    static SigningKey fromJwk(Map<String, Object> parameters, Instant created) {
        PublicJsonWebKey jwk;
        try {
            jwk = PublicJsonWebKey.Factory.newPublicJwk(parameters);
        } catch (JoseException | RuntimeException e) {
            throw new InvalidKeyRingException("a key is not a valid JWK");
        }
        if (!(jwk instanceof EllipticCurveJsonWebKey ec) || !EllipticCurves.P_256.equals(ec.getCurveName())
                || jwk.getPrivateKey() == null || jwk.getKeyId() == null) {
            throw new InvalidKeyRingException("a key is not a P-256 private key with a key ID");
        }
        jwk.setUse("sig");
        jwk.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        return new SigningKey(jwk, created);
    }

    /** Returns the key ID, the {@code kid} header of every token this key signs. */
    public String keyId() {
        return jwk.getKeyId();
    }

    /** Returns when the key was made. */
    public Instant created() {
        return created;
    }

    public PrivateKey privateKey() {
        return jwk.getPrivateKey();
    }

    /** Returns the public key as JWK parameters: {@code kty}, {@code kid}, {@code use}, {@code alg}, {@code crv}, {@code x}, {@code y}. */
    public Map<String, Object> publicParameters() {
        return jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /** Returns the private JWK parameters, for the key store only. */
    Map<String, Object> privateParameters() {
        return jwk.toParams(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
    }

    @Override
    public String toString() {
        // Never the key material.
        return "SigningKey[kid=" + keyId() + ", created=" + created + "]";
    }
}
