package ist.aegis.notary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import ist.aegis.common.identity.SpiffeId;
import ist.aegis.common.identity.SystemComponent;
import ist.aegis.common.tls.CertificateIssuer;
import ist.aegis.common.tls.ComponentCertificates;
import ist.aegis.common.tls.IssuedCertificate;
import ist.aegis.common.tls.Pem;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** A renewed certificate written over the old files is served without a restart. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NotaryTlsResource.class)
class TlsReloadTest {

    @TestHTTPResource(tls = true)
    URL base;

    @Test
    void renewedCertificateServed() throws Exception {
        BigInteger before = servedSerial();

        IssuedCertificate renewed = CertificateIssuer.issue(NotaryTlsResource.ca(),
                SpiffeId.system("aegis.ist", SystemComponent.NOTARY), List.of("localhost"), List.of("127.0.0.1"),
                Duration.ofDays(1));
        // A reload between these two writes may see a mismatched pair, so the wait below ignores failed handshakes.
        Pem.write(ComponentCertificates.keyPath(NotaryTlsResource.directory(), SystemComponent.NOTARY),
                renewed.privateKeyPem(), true);
        Pem.write(ComponentCertificates.certificatePath(NotaryTlsResource.directory(), SystemComponent.NOTARY),
                renewed.certificatePem(), false);

        BigInteger expected = renewed.certificate().getSerialNumber();
        assertNotEquals(before, expected);
        Awaitility.await("the renewed certificate to be served").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(() -> assertEquals(expected, servedSerial()));
    }

    private BigInteger servedSerial() throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(NotaryTlsResource.trustStore());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", base.getPort())) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }
}
