package ist.aegis.safe.support;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.Use;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Signs JWT-SVIDs for tests the way Notary does (ES256, {@code kid}, {@code iss}, {@code sub},
 * {@code aud aegis-safe}, {@code iat}, {@code nbf}, {@code exp}, {@code jti}), with keys whose public
 * halves the test JWKS server publishes.
 */
public final class TestTokens {

    public static final String ISSUER = "https://notary.test";
    public static final String KEY_ID = "test-key-1";

    private TestTokens() {
    }

    static Path jwksPath(Path directory) {
        return directory.resolve("jwks.json");
    }

    private static Path keyPath(Path directory, String keyId) {
        return directory.resolve("signing-" + keyId + ".jwk");
    }

    static void writeInitialKey(Path directory) {
        PublicJsonWebKey key = newKey(KEY_ID);
        writeKey(directory, key);
        publish(directory, List.of(key));
    }

    /** Creates an ES256 key with {@code keyId} and keeps its private half for {@link #sign}. */
    public static PublicJsonWebKey newKey(String keyId) {
        try {
            PublicJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            key.setKeyId(keyId);
            key.setUse(Use.SIGNATURE);
            key.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Saves a key so that {@link #sign} can use it by key ID. */
    public static void writeKey(Path directory, PublicJsonWebKey key) {
        write(keyPath(directory, key.getKeyId()),
                key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
    }

    /** Replaces the JWKS that the test server returns with the public halves of {@code keys}. */
    public static void publish(Path directory, List<PublicJsonWebKey> keys) {
        List<JsonWebKey> publicKeys = new ArrayList<>();
        for (PublicJsonWebKey key : keys) {
            try {
                publicKeys.add(PublicJsonWebKey.Factory.newPublicJwk(key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
            } catch (JoseException e) {
                throw new IllegalStateException(e);
            }
        }
        write(jwksPath(directory), new JsonWebKeySet(publicKeys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    }

    /** Makes the test JWKS server return 500 until {@link #publish} is called again. */
    public static void breakJwks(Path directory) {
        try {
            Files.deleteIfExists(jwksPath(directory));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the claims of a valid token for {@code subject}, valid from now for five minutes. */
    public static JwtClaims claims(String subject) {
        JwtClaims claims = new JwtClaims();
        Instant now = Instant.now();
        claims.setIssuer(ISSUER);
        claims.setSubject(subject);
        claims.setAudience("aegis-safe");
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setNotBefore(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.plus(Duration.ofMinutes(5)).getEpochSecond()));
        claims.setJwtId(UUID.randomUUID().toString());
        return claims;
    }

    /** Signs a valid token for {@code subject} with the initial key. */
    public static String token(String subject) {
        return sign(claims(subject), KEY_ID, jws -> {
        });
    }

    /** Signs a token for {@code subject} after {@code change} edits its claims. */
    public static String token(String subject, Consumer<JwtClaims> change) {
        JwtClaims claims = claims(subject);
        change.accept(claims);
        return sign(claims, KEY_ID, jws -> {
        });
    }

    /**
     * Signs {@code claims} with the saved key {@code keyId} (ES256, {@code kid} set); {@code header}
     * may change the header before signing.
     */
    public static String sign(JwtClaims claims, String keyId, Consumer<JsonWebSignature> header) {
        try {
            String json = Files.readString(keyPath(TestTls.directory(), keyId));
            PublicJsonWebKey key = PublicJsonWebKey.Factory.newPublicJwk(json);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(key.getPrivateKey());
            jws.setKeyIdHeaderValue(keyId);
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            header.accept(jws);
            return jws.getCompactSerialization();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
