package ist.aegis.safe.support;

import ist.aegis.common.identity.SpiffeId;
import ist.aegis.common.identity.SystemComponent;
import ist.aegis.common.tls.CertificateIssuer;
import ist.aegis.common.tls.ComponentCertificates;
import ist.aegis.common.tls.IssuedCertificate;
import ist.aegis.common.tls.Pem;
import ist.aegis.common.tls.TlsContexts;

import io.restassured.RestAssured;
import io.restassured.config.RestAssuredConfig;
import io.restassured.config.SSLConfig;
import io.restassured.specification.RequestSpecification;

import org.apache.http.conn.ssl.SSLSocketFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;

/** Client certificates and RestAssured requests for the tests, made from {@link SafeTlsResource}'s files. */
public final class TestTls {

    public static final String TRUST_DOMAIN = "test.aegis.ist";

    private TestTls() {
    }

    public static Path directory() {
        return Path.of(System.getProperty(SafeTlsResource.DIRECTORY_PROPERTY));
    }

    public static Path caFile() {
        return ComponentCertificates.caPath(directory());
    }

    /** Reads back the CA that issued Safe's certificate. */
    public static IssuedCertificate ca() {
        try {
            X509Certificate certificate = Pem.readCertificates(caFile()).get(0);
            PrivateKey key = Pem.readPrivateKey(directory().resolve("ca.key"));
            return new IssuedCertificate(certificate, new java.security.KeyPair(certificate.getPublicKey(), key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a request over TLS that presents the Sentinel's certificate. */
    public static RequestSpecification asSentinel(URL baseUrl) {
        Path dir = directory();
        return request(baseUrl, context(ComponentCertificates.certificatePath(dir, SystemComponent.SENTINEL),
                ComponentCertificates.keyPath(dir, SystemComponent.SENTINEL)));
    }

    /** Starts a request over TLS that presents no client certificate. */
    public static RequestSpecification anonymous(URL baseUrl) {
        return request(baseUrl, context(null, null));
    }

    /** Starts a request that presents a new certificate for {@code id} issued by {@code ca}. */
    public static RequestSpecification withCertificate(URL baseUrl, IssuedCertificate ca, SpiffeId id) {
        IssuedCertificate issued = CertificateIssuer.issue(ca, id, List.of("localhost"), List.of("127.0.0.1"),
                Duration.ofHours(1));
        try {
            Path dir = Files.createTempDirectory(directory(), "client");
            Path certificate = dir.resolve("client.crt");
            Path key = dir.resolve("client.key");
            Pem.write(certificate, issued.certificatePem() + ca.certificatePem(), false);
            Pem.write(key, issued.privateKeyPem(), true);
            return request(baseUrl, context(certificate, key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds a TLS context that trusts the test CA and presents the given certificate, if any. */
    public static SSLContext context(Path certificate, Path key) {
        try {
            return TlsContexts.client(caFile(), certificate, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("deprecation")
    private static RequestSpecification request(URL baseUrl, SSLContext context) {
        SSLSocketFactory factory = new SSLSocketFactory(context, SSLSocketFactory.STRICT_HOSTNAME_VERIFIER);
        return RestAssured.given()
                .baseUri("https://" + baseUrl.getHost())
                .port(baseUrl.getPort())
                .config(RestAssuredConfig.config().sslConfig(SSLConfig.sslConfig().sslSocketFactory(factory)));
    }
}
