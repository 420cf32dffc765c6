package ist.aegis.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import ist.aegis.common.identity.SpiffeId;
import ist.aegis.common.identity.SystemComponent;
import ist.aegis.common.tls.CertificateIssuer;
import ist.aegis.common.tls.Certificates;
import ist.aegis.common.tls.IssuedCertificate;
import ist.aegis.k8s.certs.CertificateAuthorities;
import ist.aegis.k8s.certs.ComponentIdentity;
import ist.aegis.k8s.certs.InvalidCertificateException;
import ist.aegis.k8s.certs.PemText;
import ist.aegis.k8s.certs.RenewalPolicy.Action;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the certificate reconciler against the fabric8 mock API server, one namespace per test. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class CertificateReconcilerTest {

    private static final Duration VALIDITY = Duration.ofDays(90);
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);

    @Inject
    KubernetesClient client;

    @Test
    void firstRunCreatesCaAndComponents() throws Exception {
        String namespace = "first-run";
        CertificateReconciler.Result result = reconciler(namespace, "aegis.ist").reconcile();

        assertTrue(result.caCreated());
        Secret caSecret = secret(namespace, "aegis-internal-ca");
        assertEquals("kubernetes.io/tls", caSecret.getType());
        IssuedCertificate ca = CertificateAuthorities.load(text(caSecret, "tls.crt"), text(caSecret, "tls.key"), "test");
        assertTrue(ca.certificate().getBasicConstraints() >= 0);

        ConfigMap published = client.configMaps().inNamespace(namespace).withName("aegis-ca").get();
        assertNotNull(published);
        assertEquals(ca.certificatePem(), published.getData().get("ca.crt"));

        for (SystemComponent component : SystemComponent.values()) {
            assertEquals(Action.CREATE, result.decisions().get(component).action());
            Secret secret = secret(namespace, "aegis-" + component.pathName() + "-tls");
            assertEquals("kubernetes.io/tls", secret.getType());
            assertEquals(ca.certificatePem(), text(secret, "ca.crt"));

            X509Certificate certificate = certificate(secret);
            certificate.verify(ca.certificate().getPublicKey());
            assertEquals(List.of("spiffe://aegis.ist/system/" + component.pathName()), Certificates.uriNames(certificate));
            String service = "aegis-" + component.pathName();
            assertEquals(List.of(service, service + "." + namespace, service + "." + namespace + ".svc",
                    service + "." + namespace + ".svc.cluster.local"), dnsNames(certificate));
            assertTrue(CertificateAuthorities.keyMatches(certificate,
                    PemText.privateKey(text(secret, "tls.key"), "test")));
            // CertificateIssuer backdates notBefore by five minutes.
            assertEquals(VALIDITY.plusMinutes(5), Duration.between(certificate.getNotBefore().toInstant(),
                    certificate.getNotAfter().toInstant()));
        }
    }

    @Test
    void secondRunChangesNothing() {
        String namespace = "second-run";
        reconciler(namespace, "aegis.ist").reconcile();
        Map<String, String> versions = resourceVersions(namespace);

        CertificateReconciler.Result second = reconciler(namespace, "aegis.ist").reconcile();

        assertFalse(second.caCreated());
        for (SystemComponent component : SystemComponent.values()) {
            assertEquals(Action.KEEP, second.decisions().get(component).action(), component.pathName());
        }
        assertEquals(versions, resourceVersions(namespace));
    }

    @Test
    void nearExpiryCertificateIsRenewed() throws Exception {
        String namespace = "near-expiry";
        reconciler(namespace, "aegis.ist").reconcile();
        Secret caSecret = secret(namespace, "aegis-internal-ca");
        IssuedCertificate ca = CertificateAuthorities.load(text(caSecret, "tls.crt"), text(caSecret, "tls.key"), "test");
        Map<String, String> before = resourceVersions(namespace);

        // 29 days left of 90: less than a third.
        Instant issuedAt = Instant.now().minus(Duration.ofDays(61));
        IssuedCertificate old = CertificateIssuer.issue(ca, "spiffe://aegis.ist/system/safe",
                ComponentIdentity.of(SystemComponent.SAFE, "aegis.ist", namespace).dnsNames(), List.of(), VALIDITY,
                issuedAt);
        replaceSecret(namespace, "aegis-safe-tls", old, ca);

        CertificateReconciler.Result result = reconciler(namespace, "aegis.ist").reconcile();

        assertEquals(Action.REPLACE, result.decisions().get(SystemComponent.SAFE).action());
        assertTrue(result.decisions().get(SystemComponent.SAFE).reason().startsWith("less than a third of its lifetime is left"),
                result.decisions().get(SystemComponent.SAFE).reason());
        X509Certificate renewed = certificate(secret(namespace, "aegis-safe-tls"));
        assertNotEquals(old.certificate().getSerialNumber(), renewed.getSerialNumber());
        assertTrue(renewed.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(89))));
        renewed.verify(ca.certificate().getPublicKey());

        // The CA and the other components stay as they were.
        Map<String, String> after = resourceVersions(namespace);
        assertEquals(before.get("Secret/aegis-internal-ca"), after.get("Secret/aegis-internal-ca"));
        assertEquals(before.get("ConfigMap/aegis-ca"), after.get("ConfigMap/aegis-ca"));
        assertEquals(before.get("Secret/aegis-notary-tls"), after.get("Secret/aegis-notary-tls"));
        assertEquals(before.get("Secret/aegis-sentinel-tls"), after.get("Secret/aegis-sentinel-tls"));
    }

    @Test
    void certificateWithTwoThirdsLeftIsKept() {
        String namespace = "two-thirds-left";
        reconciler(namespace, "aegis.ist").reconcile();
        Secret caSecret = secret(namespace, "aegis-internal-ca");
        IssuedCertificate ca = CertificateAuthorities.load(text(caSecret, "tls.crt"), text(caSecret, "tls.key"), "test");

        // 31 days left of 90 (plus the five-minute backdate): still more than a third.
        IssuedCertificate current = CertificateIssuer.issue(ca, "spiffe://aegis.ist/system/notary",
                ComponentIdentity.of(SystemComponent.NOTARY, "aegis.ist", namespace).dnsNames(), List.of(), VALIDITY,
                Instant.now().minus(Duration.ofDays(59)));
        replaceSecret(namespace, "aegis-notary-tls", current, ca);

        CertificateReconciler.Result result = reconciler(namespace, "aegis.ist").reconcile();

        assertEquals(Action.KEEP, result.decisions().get(SystemComponent.NOTARY).action());
        assertEquals(current.certificate(), certificate(secret(namespace, "aegis-notary-tls")));
    }

    @Test
    void existingCaIsKeptAndCapsValidity() {
        String namespace = "existing-ca";
        // An admin-provided CA with 20 of its 30 days left: near its end, but never replaced.
        IssuedCertificate ca = CertificateIssuer.newCa("admin CA", Duration.ofDays(30));
        Clock inTenDays = Clock.offset(Clock.systemUTC(), Duration.ofDays(10));
        client.secrets().inNamespace(namespace).resource(tlsSecret("aegis-internal-ca", ca, ca)).create();

        CertificateReconciler.Result result = new CertificateReconciler(client, settings(namespace, "aegis.ist"),
                inTenDays).reconcile();

        assertFalse(result.caCreated());
        Secret caSecret = secret(namespace, "aegis-internal-ca");
        assertEquals(ca.certificatePem(), text(caSecret, "tls.crt"));
        for (SystemComponent component : SystemComponent.values()) {
            X509Certificate certificate = certificate(secret(namespace, "aegis-" + component.pathName() + "-tls"));
            assertFalse(certificate.getNotAfter().after(ca.certificate().getNotAfter()), component.pathName());
        }
    }

    @Test
    void invalidCaSecretIsRejectedAndKept() {
        String namespace = "invalid-ca";
        Secret broken = new SecretBuilder()
                .withNewMetadata().withName("aegis-internal-ca").withNamespace(namespace).endMetadata()
                .withType("kubernetes.io/tls")
                .withData(Map.of("tls.crt", encode("not a certificate"), "tls.key", encode("not a key")))
                .build();
        client.secrets().inNamespace(namespace).resource(broken).create();
        String version = secret(namespace, "aegis-internal-ca").getMetadata().getResourceVersion();

        InvalidCertificateException e = assertThrows(InvalidCertificateException.class,
                () -> reconciler(namespace, "aegis.ist").reconcile());

        assertEquals("tls.crt of Secret invalid-ca/aegis-internal-ca contains an invalid certificate: CertificateException;"
                + " the CA is never"
                + " replaced automatically: fix the Secret, or delete it to create a new CA", e.getMessage());
        assertEquals(version, secret(namespace, "aegis-internal-ca").getMetadata().getResourceVersion());
        assertEquals(null, client.secrets().inNamespace(namespace).withName("aegis-safe-tls").get());
    }

    @Test
    void expiredCaIsRejected() {
        String namespace = "expired-ca";
        IssuedCertificate ca = CertificateIssuer.newCa("old CA", Duration.ofDays(1));
        client.secrets().inNamespace(namespace).resource(tlsSecret("aegis-internal-ca", ca, ca)).create();
        Clock inTwoDays = Clock.offset(Clock.systemUTC(), Duration.ofDays(2));

        InvalidCertificateException e = assertThrows(InvalidCertificateException.class,
                () -> new CertificateReconciler(client, settings(namespace, "aegis.ist"), inTwoDays).reconcile());

        assertTrue(e.getMessage().startsWith("the Aegis CA in Secret expired-ca/aegis-internal-ca expired at "),
                e.getMessage());
        assertEquals(ca.certificatePem(), text(secret(namespace, "aegis-internal-ca"), "tls.crt"));
    }

    @Test
    void certificateFromAnotherCaIsReplaced() throws Exception {
        String namespace = "other-ca";
        reconciler(namespace, "aegis.ist").reconcile();
        IssuedCertificate stranger = CertificateIssuer.newCa("another CA", CA_VALIDITY);
        IssuedCertificate foreign = CertificateIssuer.issue(stranger, SpiffeId.system("aegis.ist", SystemComponent.SENTINEL),
                ComponentIdentity.of(SystemComponent.SENTINEL, "aegis.ist", namespace).dnsNames(), List.of(), VALIDITY);
        replaceSecret(namespace, "aegis-sentinel-tls", foreign, stranger);

        CertificateReconciler.Result result = reconciler(namespace, "aegis.ist").reconcile();

        assertEquals(Action.REPLACE, result.decisions().get(SystemComponent.SENTINEL).action());
        assertEquals("its ca.crt is not the current Aegis CA", result.decisions().get(SystemComponent.SENTINEL).reason());
        Secret caSecret = secret(namespace, "aegis-internal-ca");
        X509Certificate replaced = certificate(secret(namespace, "aegis-sentinel-tls"));
        replaced.verify(PemText.certificates(text(caSecret, "tls.crt"), "test").get(0).getPublicKey());
    }

    @Test
    void changedTrustDomainReissues() {
        String namespace = "trust-domain";
        reconciler(namespace, "aegis.ist").reconcile();

        CertificateReconciler.Result result = reconciler(namespace, "example.org").reconcile();

        assertFalse(result.caCreated());
        for (SystemComponent component : SystemComponent.values()) {
            assertEquals(Action.REPLACE, result.decisions().get(component).action());
            X509Certificate certificate = certificate(secret(namespace, "aegis-" + component.pathName() + "-tls"));
            assertEquals(List.of("spiffe://example.org/system/" + component.pathName()), Certificates.uriNames(certificate));
        }
    }

    private CertificateReconciler reconciler(String namespace, String trustDomain) {
        return new CertificateReconciler(client, settings(namespace, trustDomain), Clock.system(ZoneOffset.UTC));
    }

    private static CertificateReconciler.Settings settings(String namespace, String trustDomain) {
        return new CertificateReconciler.Settings(namespace, trustDomain, VALIDITY, CA_VALIDITY, "aegis-internal-ca",
                "aegis-ca");
    }

    private Secret secret(String namespace, String name) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        assertNotNull(secret, "Secret " + namespace + "/" + name);
        return secret;
    }

    private void replaceSecret(String namespace, String name, IssuedCertificate certificate, IssuedCertificate ca) {
        Secret desired = tlsSecret(name, certificate, ca);
        desired.getMetadata().setNamespace(namespace);
        client.secrets().inNamespace(namespace).resource(desired).update();
    }

    private static Secret tlsSecret(String name, IssuedCertificate certificate, IssuedCertificate ca) {
        return new SecretBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withType("kubernetes.io/tls")
                .withData(Map.of("tls.crt", encode(certificate.certificatePem()), "tls.key",
                        encode(certificate.privateKeyPem()), "ca.crt", encode(ca.certificatePem())))
                .build();
    }

    private Map<String, String> resourceVersions(String namespace) {
        Map<String, String> versions = new HashMap<>();
        for (String name : List.of("aegis-internal-ca", "aegis-safe-tls", "aegis-notary-tls", "aegis-sentinel-tls")) {
            versions.put("Secret/" + name, secret(namespace, name).getMetadata().getResourceVersion());
        }
        versions.put("ConfigMap/aegis-ca",
                client.configMaps().inNamespace(namespace).withName("aegis-ca").get().getMetadata().getResourceVersion());
        return versions;
    }

    private static X509Certificate certificate(Secret secret) {
        return PemText.certificates(text(secret, "tls.crt"), "test").get(0);
    }

    private static List<String> dnsNames(X509Certificate certificate) throws Exception {
        List<String> names = new ArrayList<>();
        for (List<?> san : certificate.getSubjectAlternativeNames()) {
            if (Integer.valueOf(2).equals(san.get(0))) {
                names.add((String) san.get(1));
            }
        }
        return names;
    }

    private static String text(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.US_ASCII);
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
