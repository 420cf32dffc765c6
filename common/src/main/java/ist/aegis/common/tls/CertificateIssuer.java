package ist.aegis.common.tls;

import ist.aegis.common.identity.SpiffeId;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Makes the Aegis internal CA and the certificates it signs: ECDSA P-256 keys, SHA-256
 * signatures. A component certificate carries exactly one URI SAN (its SPIFFE ID) plus DNS and IP
 * SANs, and may serve as both TLS server and client. Used by tests, by dev mode and by the
 * certificate job of the Kubernetes install. Thread-safe.
 */
public final class CertificateIssuer {

    // Backdating covers small clock differences between the issuer and the verifiers.
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateIssuer() {
    }

    /** Creates a self-signed CA certificate valid for {@code validity}. */
    public static IssuedCertificate newCa(String commonName, Duration validity) {
        try {
            KeyPair keyPair = newKeyPair();
            X500Name subject = new X500Name("CN=" + commonName);
            Instant now = Instant.now();
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
            return new IssuedCertificate(sign(builder, keyPair), keyPair);
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("failed to create CA certificate '" + commonName + "'", e);
        }
    }

    /**
     * Issues a certificate for an Aegis identity, signed by {@code ca}.
     *
     * @param id the SPIFFE ID, the certificate's only URI SAN
     * @param dnsNames DNS SANs, such as {@code aegis-safe.aegis-system.svc}
     * @param ipAddresses IP SANs, such as {@code 127.0.0.1}
     */
    public static IssuedCertificate issue(IssuedCertificate ca, SpiffeId id, List<String> dnsNames,
            List<String> ipAddresses, Duration validity) {
        return issue(ca, id.toString(), dnsNames, ipAddresses, validity, Instant.now());
    }

    /**
     * Issues a certificate with an arbitrary URI SAN (or none, when {@code uri} is {@code null}),
     * valid from {@code notBefore - 5 minutes}. Tests use it for malformed and expired identities.
     */
    public static IssuedCertificate issue(IssuedCertificate ca, String uri, List<String> dnsNames,
            List<String> ipAddresses, Duration validity, Instant notBefore) {
        try {
            KeyPair keyPair = newKeyPair();
            List<GeneralName> names = new ArrayList<>();
            if (uri != null) {
                names.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
            }
            dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
            ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));

            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X500Name issuer = new X500Name(ca.certificate().getSubjectX500Principal().getName());
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(),
                    Date.from(notBefore.minus(BACKDATE)), Date.from(notBefore.plus(validity)),
                    new X500Name("CN=" + commonName(uri, dnsNames)), keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(ca.certificate()))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
            if (!names.isEmpty()) {
                // A subject alternative name is critical when the subject is not meaningful (RFC 5280).
                builder.addExtension(Extension.subjectAlternativeName, uri != null,
                        new GeneralNames(names.toArray(new GeneralName[0])));
            }
            return new IssuedCertificate(sign(builder, ca.keyPair()), keyPair);
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("failed to issue certificate for '" + uri + "'", e);
        }
    }

    private static String commonName(String uri, List<String> dnsNames) {
        if (!dnsNames.isEmpty()) {
            return dnsNames.get(0);
        }
        return uri == null ? "aegis" : "aegis-component";
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static java.security.cert.X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
            throws OperatorCreationException, GeneralSecurityException {
        var signerContent = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signerContent));
    }
}
