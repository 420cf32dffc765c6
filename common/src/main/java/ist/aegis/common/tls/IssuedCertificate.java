package ist.aegis.common.tls;

import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;

import java.security.KeyPair;
import java.security.cert.X509Certificate;

/** A certificate with its key pair, as {@link CertificateIssuer} makes them. */
public record IssuedCertificate(X509Certificate certificate, KeyPair keyPair) {

    /** Returns the certificate as PEM text. */
    public String certificatePem() {
        return Pem.encode(certificate);
    }

    /** Returns the private key as PKCS#8 PEM text. Write it only to owner-only files. */
    public String privateKeyPem() {
        try {
            return Pem.encode(new JcaPKCS8Generator(keyPair.getPrivate(), null));
        } catch (PemGenerationException e) {
            throw new IllegalStateException("failed to encode private key as PKCS#8", e);
        }
    }
}
