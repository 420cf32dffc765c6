package ist.aegis.safe.auth;

import ist.aegis.common.identity.SpiffeId;
import ist.aegis.common.identity.SystemComponent;
import ist.aegis.common.tls.Certificates;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Decides whether a TLS client may use the Sentinel API. It trusts the TLS layer to have verified that
 * the chain leads to the Aegis CA (Safe's trust store holds only that CA), and checks the identity in
 * the leaf certificate: it must be exactly {@code spiffe://<trust-domain>/system/sentinel}. Pure and
 * thread-safe.
 */
public final class SentinelCertificateCheck {

    /** The outcome: a status and, for a rejection, the message for the error body. */
    public record Decision(int status, String message) {

        public boolean allowed() {
            return status == 200;
        }
    }

    private final SpiffeId sentinel;

    public SentinelCertificateCheck(String trustDomain) {
        this.sentinel = SpiffeId.system(trustDomain, SystemComponent.SENTINEL);
    }

    public SpiffeId sentinelId() {
        return sentinel;
    }

    /**
     * Checks the verified peer chain, leaf first; {@code null} or empty means the client sent no certificate.
     */
    public Decision check(Certificate[] peerChain) {
        if (peerChain == null || peerChain.length == 0 || !(peerChain[0] instanceof X509Certificate)) {
            return new Decision(401, "a client certificate is required: the Sentinel API is served only to "
                    + sentinel + " with a certificate from the Aegis CA");
        }
        Optional<SpiffeId> id = Certificates.spiffeId((X509Certificate) peerChain[0]);
        if (id.isEmpty()) {
            return new Decision(403, "the client certificate carries no Aegis SPIFFE ID: the Sentinel API is served"
                    + " only to " + sentinel);
        }
        if (!sentinel.equals(id.get())) {
            return new Decision(403, "client identity " + id.get() + " may not use the Sentinel API: it is served"
                    + " only to " + sentinel);
        }
        return new Decision(200, null);
    }
}
