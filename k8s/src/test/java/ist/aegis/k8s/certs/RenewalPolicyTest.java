package ist.aegis.k8s.certs;

import ist.aegis.common.identity.SystemComponent;
import ist.aegis.common.tls.CertificateIssuer;
import ist.aegis.common.tls.IssuedCertificate;
import ist.aegis.k8s.certs.RenewalPolicy.Action;
import ist.aegis.k8s.certs.RenewalPolicy.Decision;
import ist.aegis.k8s.certs.RenewalPolicy.SecretPem;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The renewal rules, with fixed instants and certificates made in the test. */
class RenewalPolicyTest {

    private static final IssuedCertificate CA = CertificateIssuer.newCa("test CA", Duration.ofDays(3650));
    private static final ComponentIdentity SAFE = ComponentIdentity.of(SystemComponent.SAFE, "aegis.ist", "aegis-system");
    private static final Instant ISSUED = Instant.parse("2026-12-01T00:00:00Z");
    private static final String SOURCE = "Secret aegis-system/aegis-safe-tls";

    private static SecretPem pem(IssuedCertificate certificate, IssuedCertificate ca) {
        return new SecretPem(certificate.certificatePem(), certificate.privateKeyPem(), ca.certificatePem());
    }

    private static IssuedCertificate issue(ComponentIdentity identity) {
        return CertificateIssuer.issue(CA, identity.spiffeId().toString(), identity.dnsNames(), List.of(),
                Duration.ofDays(90), ISSUED);
    }

    @Test
    void missingSecretIsCreated() {
        Decision decision = RenewalPolicy.decide(null, CA, SAFE, ISSUED, SOURCE);

        assertEquals(Action.CREATE, decision.action());
        assertEquals("no Secret exists", decision.reason());
    }

    @Test
    void renewalStartsAtOneThirdLeft() {
        IssuedCertificate certificate = issue(SAFE);
        Instant notBefore = certificate.certificate().getNotBefore().toInstant();
        Instant notAfter = certificate.certificate().getNotAfter().toInstant();
        Duration third = Duration.between(notBefore, notAfter).dividedBy(3);
        Instant lastKeep = notAfter.minus(third);

        assertEquals(Action.KEEP, RenewalPolicy.decide(pem(certificate, CA), CA, SAFE, lastKeep, SOURCE).action());
        Decision late = RenewalPolicy.decide(pem(certificate, CA), CA, SAFE, lastKeep.plusSeconds(1), SOURCE);
        assertEquals(Action.REPLACE, late.action());
        assertEquals("less than a third of its lifetime is left (expires " + notAfter + ")", late.reason());
    }

    @Test
    void missingKeyIsReplaced() {
        IssuedCertificate certificate = issue(SAFE);
        SecretPem data = new SecretPem(certificate.certificatePem(), null, CA.certificatePem());

        Decision decision = RenewalPolicy.decide(data, CA, SAFE, ISSUED, SOURCE);

        assertEquals(Action.REPLACE, decision.action());
        assertEquals("the Secret lacks tls.crt, tls.key or ca.crt", decision.reason());
    }

    @Test
    void foreignKeyIsReplaced() {
        IssuedCertificate certificate = issue(SAFE);
        IssuedCertificate other = issue(SAFE);
        SecretPem data = new SecretPem(certificate.certificatePem(), other.privateKeyPem(), CA.certificatePem());

        Decision decision = RenewalPolicy.decide(data, CA, SAFE, ISSUED, SOURCE);

        assertEquals(Action.REPLACE, decision.action());
        assertEquals("its tls.key does not belong to its tls.crt", decision.reason());
    }

    @Test
    void otherNamespaceIsReplaced() {
        IssuedCertificate certificate = issue(ComponentIdentity.of(SystemComponent.SAFE, "aegis.ist", "security"));

        Decision decision = RenewalPolicy.decide(pem(certificate, CA), CA, SAFE, ISSUED, SOURCE);

        assertEquals(Action.REPLACE, decision.action());
        assertEquals("its DNS SANs [aegis-safe, aegis-safe.security, aegis-safe.security.svc,"
                + " aegis-safe.security.svc.cluster.local] are not [aegis-safe, aegis-safe.aegis-system,"
                + " aegis-safe.aegis-system.svc, aegis-safe.aegis-system.svc.cluster.local]", decision.reason());
    }

    @Test
    void otherComponentIsReplaced() {
        IssuedCertificate certificate = issue(ComponentIdentity.of(SystemComponent.NOTARY, "aegis.ist", "aegis-system"));

        Decision decision = RenewalPolicy.decide(pem(certificate, CA), CA, SAFE, ISSUED, SOURCE);

        assertEquals(Action.REPLACE, decision.action());
        assertEquals("its URI SANs [spiffe://aegis.ist/system/notary] are not [spiffe://aegis.ist/system/safe]",
                decision.reason());
    }

    @Test
    void validityIsCappedByCa() {
        IssuedCertificate shortCa = CertificateIssuer.newCa("short CA", Duration.ofDays(10));
        Instant now = shortCa.certificate().getNotAfter().toInstant().minus(Duration.ofDays(4));

        assertEquals(Duration.ofDays(4), RenewalPolicy.cappedValidity(Duration.ofDays(90), shortCa, now));
        assertEquals(Duration.ofDays(3), RenewalPolicy.cappedValidity(Duration.ofDays(3), shortCa, now));
    }
}
