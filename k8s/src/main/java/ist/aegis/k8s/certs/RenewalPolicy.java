package ist.aegis.k8s.certs;

import ist.aegis.common.tls.Certificates;
import ist.aegis.common.tls.IssuedCertificate;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a component certificate stored in a Secret can stay or must be issued anew.
 * A certificate is renewed when less than a third of its lifetime is left, as cert-manager does by
 * default, so that a job that runs at least every third of the lifetime never lets it expire.
 */
public final class RenewalPolicy {

    // The GeneralName tag of a dNSName subject alternative name.
    private static final int DNS_NAME = 2;

    private RenewalPolicy() {
    }

    /** The action to take on a component's Secret. */
    public enum Action {
        /** The certificate is valid, matches the identity and the CA, and has at least a third of its life left. */
        KEEP,
        /** No Secret exists yet. */
        CREATE,
        /** The Secret exists but its certificate must be replaced, for the reason in the decision. */
        REPLACE
    }

    /**
     * A decision and the reason for it, as a phrase for the log.
     *
     * @param notAfter the expiry of the certificate in place, or {@code null} when there is none or it is unreadable
     */
    public record Decision(Action action, String reason, Instant notAfter) {
    }

    /**
     * Decides what to do with the PEM texts found in a component's Secret.
     *
     * @param data the Secret's decoded {@code tls.crt}, {@code tls.key} and {@code ca.crt}, or {@code null} when
     *        the Secret is absent; a missing key is a missing entry
     * @param source the Secret's place for messages, such as {@code Secret aegis-system/aegis-safe-tls}
     */
    public static Decision decide(SecretPem data, IssuedCertificate ca, ComponentIdentity identity, Instant now,
            String source) {
        if (data == null) {
            return new Decision(Action.CREATE, "no Secret exists", null);
        }
        if (data.certificate() == null || data.privateKey() == null || data.ca() == null) {
            return new Decision(Action.REPLACE, "the Secret lacks tls.crt, tls.key or ca.crt", null);
        }

        // Parse the stored certificate and key; anything unreadable is replaced.
        X509Certificate certificate;
        PrivateKey privateKey;
        List<X509Certificate> storedCa;
        try {
            certificate = PemText.certificates(data.certificate(), "tls.crt of " + source).get(0);
            privateKey = PemText.privateKey(data.privateKey(), "tls.key of " + source);
            storedCa = PemText.certificates(data.ca(), "ca.crt of " + source);
        } catch (InvalidCertificateException e) {
            return new Decision(Action.REPLACE, e.getMessage(), null);
        }
        Instant notAfter = certificate.getNotAfter().toInstant();

        // It must chain to the current CA, and ca.crt must be exactly that CA.
        if (storedCa.size() != 1 || !storedCa.get(0).equals(ca.certificate())) {
            return new Decision(Action.REPLACE, "its ca.crt is not the current Aegis CA", notAfter);
        }
        if (!signedBy(certificate, ca.certificate())) {
            return new Decision(Action.REPLACE, "its certificate is not signed by the current Aegis CA", notAfter);
        }
        if (!CertificateAuthorities.keyMatches(certificate, privateKey)) {
            return new Decision(Action.REPLACE, "its tls.key does not belong to its tls.crt", notAfter);
        }

        // It must name exactly the expected identity.
        List<String> uris = Certificates.uriNames(certificate);
        if (!uris.equals(List.of(identity.spiffeId().toString()))) {
            return new Decision(Action.REPLACE, "its URI SANs " + uris + " are not [" + identity.spiffeId() + "]", notAfter);
        }
        Set<String> dnsNames = dnsNames(certificate);
        if (!dnsNames.equals(new HashSet<>(identity.dnsNames()))) {
            return new Decision(Action.REPLACE, "its DNS SANs " + sorted(dnsNames) + " are not " + identity.dnsNames(), notAfter);
        }

        // It must have at least a third of its lifetime left.
        Instant notBefore = certificate.getNotBefore().toInstant();
        Duration lifetime = Duration.between(notBefore, notAfter);
        Duration left = Duration.between(now, notAfter);
        if (left.multipliedBy(3).compareTo(lifetime) < 0) {
            return new Decision(Action.REPLACE, "less than a third of its lifetime is left (expires " + notAfter + ")",
                    notAfter);
        }
        return new Decision(Action.KEEP, "valid until " + notAfter, notAfter);
    }

    /**
     * Returns the validity to give a new component certificate: {@code requested}, cut so that the
     * certificate does not outlive the CA that signs it.
     */
    public static Duration cappedValidity(Duration requested, IssuedCertificate ca, Instant now) {
        Duration caLeft = Duration.between(now, ca.certificate().getNotAfter().toInstant());
        return caLeft.compareTo(requested) < 0 ? caLeft : requested;
    }

    /** Returns whether less than a third of the CA's lifetime is left. */
    public static boolean caExpiring(IssuedCertificate ca, Instant now) {
        Instant notAfter = ca.certificate().getNotAfter().toInstant();
        Duration lifetime = Duration.between(ca.certificate().getNotBefore().toInstant(), notAfter);
        return Duration.between(now, notAfter).multipliedBy(3).compareTo(lifetime) < 0;
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate ca) {
        try {
            certificate.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Set<String> dnsNames(X509Certificate certificate) {
        Set<String> names = new HashSet<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() >= 2 && Integer.valueOf(DNS_NAME).equals(san.get(0))) {
                        names.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return Set.of();
        }
        return names;
    }

    /** The PEM texts of a component Secret; any of them may be {@code null} when the key is absent. */
    public record SecretPem(String certificate, String privateKey, String ca) {
    }

    private static List<String> sorted(Collection<String> values) {
        List<String> list = new ArrayList<>(values);
        list.sort(null);
        return list;
    }
}
