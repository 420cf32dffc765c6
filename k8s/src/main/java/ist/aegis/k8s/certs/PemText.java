package ist.aegis.k8s.certs;

import ist.aegis.common.tls.Pem;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Parses PEM text held in memory, as it comes out of a Kubernetes Secret, and reports failures as
 * {@link InvalidCertificateException}. Error messages name the source, never the contents.
 */
public final class PemText {

    private PemText() {
    }

    /**
     * Parses every certificate in {@code pem}, in order.
     *
     * @param source where the text came from, such as {@code tls.crt of Secret aegis-system/aegis-safe-tls}
     * @throws InvalidCertificateException when the text contains no certificate or an invalid one
     */
    public static List<X509Certificate> certificates(String pem, String source) {
        try {
            return Pem.parseCertificates(pem, source);
        } catch (IOException e) {
            throw new InvalidCertificateException(e.getMessage());
        }
    }

    /**
     * Parses the first private key in {@code pem} (PKCS#8, SEC 1 or PKCS#1).
     *
     * @throws InvalidCertificateException when the text contains no supported private key
     */
    public static PrivateKey privateKey(String pem, String source) {
        try {
            return Pem.parsePrivateKey(pem, source);
        } catch (IOException e) {
            throw new InvalidCertificateException(e.getMessage());
        }
    }
}
