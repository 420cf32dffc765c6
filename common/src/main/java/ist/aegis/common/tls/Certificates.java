package ist.aegis.common.tls;

import ist.aegis.common.identity.SpiffeId;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Reads identities out of X.509 certificates. */
public final class Certificates {

    // The GeneralName tag of a uniformResourceIdentifier subject alternative name.
    private static final int URI_NAME = 6;

    private Certificates() {
    }

    /** Returns the certificate's URI subject alternative names, in certificate order. */
    public static List<String> uriNames(X509Certificate certificate) {
        List<String> uris = new ArrayList<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return uris;
            }
            for (List<?> name : names) {
                if (name.size() >= 2 && Integer.valueOf(URI_NAME).equals(name.get(0))) {
                    uris.add(String.valueOf(name.get(1)));
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return uris;
    }

    /**
     * Returns the certificate's Aegis SPIFFE ID. SPIFFE allows exactly one URI SAN in an X.509-SVID,
     * so a certificate with none, several, or one that is not an Aegis ID yields empty.
     */
    public static Optional<SpiffeId> spiffeId(X509Certificate certificate) {
        List<String> uris = uriNames(certificate);
        if (uris.size() != 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(SpiffeId.parse(uris.get(0)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
