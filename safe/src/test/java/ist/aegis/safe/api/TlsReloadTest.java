package ist.aegis.safe.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ist.aegis.common.identity.SpiffeId;
import ist.aegis.common.identity.SystemComponent;
import ist.aegis.common.tls.CertificateIssuer;
import ist.aegis.common.tls.ComponentCertificates;
import ist.aegis.common.tls.IssuedCertificate;
import ist.aegis.common.tls.Pem;
import ist.aegis.safe.support.SafeTlsResource;
import ist.aegis.safe.support.TestTls;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URL;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLSocket;

/** Replaces Safe's certificate files while it runs; new handshakes must present the new certificate. */
@QuarkusTest
@QuarkusTestResource(SafeTlsResource.class)
class TlsReloadTest {

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Test
    void newCertificateUsedWithoutRestart() throws IOException {
        BigInteger before = serverCertificate().getSerialNumber();
        IssuedCertificate renewed = CertificateIssuer.issue(TestTls.ca(),
                SpiffeId.system(TestTls.TRUST_DOMAIN, SystemComponent.SAFE), List.of("localhost"),
                List.of("127.0.0.1"), Duration.ofDays(1));
        Path dir = TestTls.directory();

        Pem.write(ComponentCertificates.keyPath(dir, SystemComponent.SAFE), renewed.privateKeyPem(), true);
        Pem.write(ComponentCertificates.certificatePath(dir, SystemComponent.SAFE), renewed.certificatePem(), false);

        // The test configuration reloads every second; allow for slow machines.
        await("Safe presenting the renewed certificate").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> serverCertificate().getSerialNumber().equals(renewed.certificate().getSerialNumber()));
        assertEquals(renewed.certificate().getSerialNumber(), serverCertificate().getSerialNumber());
        org.junit.jupiter.api.Assertions.assertNotEquals(before, renewed.certificate().getSerialNumber());
        TestTls.asSentinel(url).get("/sentinel/v1/secrets").then().statusCode(200);
    }

    // A fresh context per call, so no TLS session is resumed.
    private X509Certificate serverCertificate() throws IOException {
        try (SSLSocket socket = (SSLSocket) TestTls.context(null, null).getSocketFactory()
                .createSocket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }
}
