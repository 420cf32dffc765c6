package ist.aegis.k8s.certs;

import ist.aegis.common.tls.IssuedCertificate;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/** Loads an existing Aegis CA from PEM text, so that it signs new certificates instead of a fresh CA. */
public final class CertificateAuthorities {

    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateAuthorities() {
    }

    /**
     * Loads a CA from its certificate and private key.
     *
     * @throws InvalidCertificateException when either text is malformed, the certificate is not a CA
     *         certificate, or the key does not belong to the certificate
     */
    public static IssuedCertificate load(String certificatePem, String privateKeyPem, String source) {
        List<X509Certificate> certificates = PemText.certificates(certificatePem, "tls.crt of " + source);
        X509Certificate certificate = certificates.get(0);
        if (certificate.getBasicConstraints() < 0) {
            throw new InvalidCertificateException("tls.crt of " + source + " is not a CA certificate: its basic constraints say CA:false");
        }
        PrivateKey privateKey = PemText.privateKey(privateKeyPem, "tls.key of " + source);
        if (!keyMatches(certificate, privateKey)) {
            throw new InvalidCertificateException("tls.key of " + source + " does not belong to the certificate in tls.crt");
        }
        return new IssuedCertificate(certificate, new KeyPair(certificate.getPublicKey(), privateKey));
    }

    /** Returns whether {@code privateKey} is the private half of the certificate's public key, checked by a test signature. */
    public static boolean keyMatches(X509Certificate certificate, PrivateKey privateKey) {
        String algorithm = switch (privateKey.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> null;
        };
        if (algorithm == null) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            RANDOM.nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // A key of another type than the certificate's fails initVerify or verify.
            return false;
        }
    }
}
