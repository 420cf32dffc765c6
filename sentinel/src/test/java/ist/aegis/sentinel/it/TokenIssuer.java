package ist.aegis.sentinel.it;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import ist.aegis.common.identity.SpiffeId;
import ist.aegis.common.tls.Pem;
import ist.aegis.common.wire.Paths;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Signs JWT-SVIDs with an ES256 key made for the test and publishes its JWKS over HTTPS on
 * 127.0.0.1, with Notary's test certificate. It replaces Notary, whose attestation needs a
 * Kubernetes API, so that the ITs can read values back through Safe's workload API; Safe
 * verifies these tokens exactly as it verifies Notary's.
 */
final class TokenIssuer implements AutoCloseable {

    private static final String KEY_ID = "sentinel-it";

    private final EllipticCurveJsonWebKey signingKey;
    private final HttpsServer server;

    TokenIssuer(Path certificate, Path key) throws IOException, GeneralSecurityException, JoseException {
        signingKey = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        signingKey.setKeyId(KEY_ID);
        signingKey.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        signingKey.setUse("sig");
        byte[] jwks = new JsonWebKeySet(signingKey).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)
                .getBytes(StandardCharsets.UTF_8);

        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("notary", Pem.readPrivateKey(key), new char[0],
                Pem.readCertificates(certificate).toArray(new X509Certificate[0]));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext(Paths.NOTARY_JWKS, exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(jwks);
                }
            }
        });
        server.start();
    }

    /** Returns the issuer URL that every token carries in {@code iss}; Safe must be configured with it. */
    String issuer() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Returns the JWKS URL for Safe's {@code safe.notary.jwks-url}. */
    String jwksUrl() {
        return issuer() + Paths.NOTARY_JWKS;
    }

    /** Signs a token for a pod of {@code workload} in {@code namespace}, valid for five minutes. */
    String token(String namespace, String workload) throws JoseException {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer());
        claims.setSubject(SpiffeId.workload("aegis.ist", workload, namespace, "default", workload + "-0").toString());
        claims.setAudience(Paths.SAFE_AUDIENCE);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setGeneratedJwtId();

        JsonWebSignature signature = new JsonWebSignature();
        signature.setPayload(claims.toJson());
        signature.setKey(signingKey.getPrivateKey());
        signature.setKeyIdHeaderValue(KEY_ID);
        signature.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        signature.setHeader("typ", "JWT");
        return signature.getCompactSerialization();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
