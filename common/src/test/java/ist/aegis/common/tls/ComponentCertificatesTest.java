package ist.aegis.common.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ist.aegis.common.identity.SpiffeId;
import ist.aegis.common.identity.SystemComponent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentCertificatesTest {

    @TempDir
    Path directory;

    @Test
    void writesCertificatesThatChainAndCarryIds() throws Exception {
        ComponentCertificates.writeLocal(directory, "aegis.ist", Duration.ofDays(1));
        X509Certificate ca = Pem.readCertificates(ComponentCertificates.caPath(directory)).get(0);

        for (SystemComponent component : SystemComponent.values()) {
            X509Certificate certificate = Pem.readCertificates(ComponentCertificates.certificatePath(directory, component)).get(0);
            certificate.verify(ca.getPublicKey());
            assertEquals(SpiffeId.system("aegis.ist", component), Certificates.spiffeId(certificate).orElseThrow());

            // The key file is owner-only and matches the certificate.
            Path keyFile = ComponentCertificates.keyPath(directory, component);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
            PrivateKey key = Pem.readPrivateKey(keyFile);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(new byte[] {1, 2, 3});
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(certificate);
            verifier.update(new byte[] {1, 2, 3});
            assertTrue(verifier.verify(signature));
        }
    }

    @Test
    void certificateWithTwoUrisHasNoId() {
        IssuedCertificate ca = CertificateIssuer.newCa("test", Duration.ofHours(1));
        IssuedCertificate plain = CertificateIssuer.issue(ca, null, List.of("localhost"), List.of(), Duration.ofHours(1),
                java.time.Instant.now());
        assertTrue(Certificates.spiffeId(plain.certificate()).isEmpty());
    }

    @Test
    void missingKeyFileNamesPath() {
        Path missing = directory.resolve("absent.key");
        var e = assertThrows(java.io.IOException.class, () -> Pem.readPrivateKey(missing));
        assertTrue(e.getMessage().contains("absent.key"));
    }

    @Test
    void pemTextErrorsNameSourceOnly() {
        var noCertificate = assertThrows(java.io.IOException.class, () -> Pem.parseCertificates("", "tls.crt of Secret a/b"));
        assertEquals("tls.crt of Secret a/b contains no PEM certificate", noCertificate.getMessage());

        var invalidCertificate = assertThrows(java.io.IOException.class,
                () -> Pem.parseCertificates("not a certificate", "tls.crt of Secret a/b"));
        assertEquals("tls.crt of Secret a/b contains an invalid certificate: CertificateException",
                invalidCertificate.getMessage());

        String brokenKey = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END PRIVATE KEY-----\n";
        var invalidKey = assertThrows(java.io.IOException.class, () -> Pem.parsePrivateKey(brokenKey, "tls.key of Secret a/b"));
        assertTrue(invalidKey.getMessage().startsWith("tls.key of Secret a/b contains an invalid private key: "));
        assertTrue(!invalidKey.getMessage().contains("c2VjcmV0"));

        var noKey = assertThrows(java.io.IOException.class, () -> Pem.parsePrivateKey("", "tls.key of Secret a/b"));
        assertEquals("tls.key of Secret a/b contains no PEM private key", noKey.getMessage());
    }
}
