package ist.aegis.k8s.certs;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses PEM text held in memory, as it comes out of a Kubernetes Secret. {@code Pem} in
 * aegis-common reads files only. Error messages name the source, never the contents.
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
        try (var in = new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new InvalidCertificateException(source + " contains no PEM certificate");
            }
            return certificates;
        } catch (CertificateException | IOException e) {
            throw new InvalidCertificateException(source + " contains an invalid certificate: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Parses the first private key in {@code pem} (PKCS#8, SEC 1 or PKCS#1).
     *
     * @throws InvalidCertificateException when the text contains no supported private key
     */
    public static PrivateKey privateKey(String pem, String source) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
            }
        } catch (IOException e) {
            // The parser's own message may quote the key text, so only its type is kept.
            throw new InvalidCertificateException(source + " contains an invalid private key: " + e.getClass().getSimpleName());
        }
        throw new InvalidCertificateException(source + " contains no PEM private key");
    }
}
