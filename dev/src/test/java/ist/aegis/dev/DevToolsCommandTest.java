package ist.aegis.dev;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import ist.aegis.common.dev.DevServiceAccountToken;
import ist.aegis.common.identity.SpiffeId;
import ist.aegis.common.identity.SystemComponent;
import ist.aegis.common.tls.Certificates;
import ist.aegis.common.tls.ComponentCertificates;
import ist.aegis.common.tls.Pem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusMainTest
class DevToolsCommandTest {

    @TempDir
    Path directory;

    @Test
    void certsWritesCaComponentsAndAttestorKeys(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult result = launcher.launch("certs", "--dir", directory.toString(), "--trust-domain", "dev.example");

        assertEquals(0, result.exitCode(), result.getErrorOutput());
        X509Certificate ca = Pem.readCertificates(ComponentCertificates.caPath(directory)).get(0);
        for (SystemComponent component : SystemComponent.values()) {
            X509Certificate certificate = Pem.readCertificates(
                    ComponentCertificates.certificatePath(directory, component)).get(0);
            certificate.verify(ca.getPublicKey());
            assertEquals(SpiffeId.system("dev.example", component), Certificates.spiffeId(certificate).orElseThrow());
            assertEquals("rw-------", permissions(ComponentCertificates.keyPath(directory, component)));
        }
        assertEquals("rw-------", permissions(directory.resolve("ca.key")));
        assertEquals("rw-------", permissions(directory.resolve("dev-attestor.key")));
        assertTrue(Files.readString(directory.resolve("dev-attestor.pub")).startsWith("-----BEGIN PUBLIC KEY-----"));
        assertEquals("EC", Pem.readPublicKey(directory.resolve("dev-attestor.pub")).getAlgorithm());
    }

    @Test
    void certsKeepsExistingFiles(QuarkusMainLauncher launcher) throws Exception {
        assertEquals(0, launcher.launch("certs", "--dir", directory.toString()).exitCode());
        String ca = Files.readString(directory.resolve("ca.crt"));
        String attestor = Files.readString(directory.resolve("dev-attestor.pub"));

        LaunchResult second = launcher.launch("certs", "--dir", directory.toString());

        assertEquals(0, second.exitCode(), second.getErrorOutput());
        assertEquals(ca, Files.readString(directory.resolve("ca.crt")));
        assertEquals(attestor, Files.readString(directory.resolve("dev-attestor.pub")));
        assertTrue(second.getOutput().contains("kept the existing dev CA and certificates in " + directory),
                second.getOutput());
    }

    @Test
    void certsRejectsIncompleteGroup(QuarkusMainLauncher launcher) throws Exception {
        assertEquals(0, launcher.launch("certs", "--dir", directory.toString()).exitCode());
        Files.delete(directory.resolve("notary.key"));

        LaunchResult result = launcher.launch("certs", "--dir", directory.toString());

        assertEquals(1, result.exitCode());
        assertTrue(result.getErrorOutput().contains("aegis-dev-tools: the certificate files in " + directory
                + " are incomplete: [" + directory.resolve("notary.key") + "] missing"), result.getErrorOutput());
    }

    @Test
    void certsRejectsOtherTrustDomain(QuarkusMainLauncher launcher) throws Exception {
        assertEquals(0, launcher.launch("certs", "--dir", directory.toString()).exitCode());

        LaunchResult result = launcher.launch("certs", "--dir", directory.toString(), "--trust-domain", "other.example");

        assertEquals(1, result.exitCode());
        assertTrue(result.getErrorOutput().contains("is for trust domain 'aegis.ist', not 'other.example'"),
                result.getErrorOutput());
    }

    @Test
    void saTokenPrintsOnlyVerifiableToken(QuarkusMainLauncher launcher) throws Exception {
        assertEquals(0, launcher.launch("certs", "--dir", directory.toString()).exitCode());

        LaunchResult result = launcher.launch("sa-token", "--dir", directory.toString(), "-n", "team-a", "--sa", "billing");

        assertEquals(0, result.exitCode(), result.getErrorOutput());
        assertEquals(1, result.getOutputStream().size(), result.getOutput());
        PublicKey key = Pem.readPublicKey(directory.resolve("dev-attestor.pub"));
        DevServiceAccountToken.Claims claims = DevServiceAccountToken.verify(key, "aegis-notary", result.getOutput().strip());
        assertEquals("team-a", claims.namespace());
        assertEquals("billing", claims.serviceAccount());
        assertEquals("billing-dev", claims.podName());
        assertNull(claims.workloadAnnotation());
        Duration remaining = Duration.between(Instant.now(), claims.expiresAt());
        assertTrue(remaining.compareTo(Duration.ofMinutes(59)) > 0, "expires in " + remaining);
        assertTrue(remaining.compareTo(Duration.ofMinutes(61)) < 0, "expires in " + remaining);
    }

    @Test
    void saTokenCarriesPodWorkloadAndFreshUid(QuarkusMainLauncher launcher) throws Exception {
        assertEquals(0, launcher.launch("certs", "--dir", directory.toString()).exitCode());
        PublicKey key = Pem.readPublicKey(directory.resolve("dev-attestor.pub"));
        String[] arguments = {"sa-token", "--dir", directory.toString(), "--namespace", "team-b", "--sa", "runner",
                "--pod", "runner-7f9c", "--workload", "reports", "--ttl", "PT10M"};

        var first = DevServiceAccountToken.verify(key, "aegis-notary", launcher.launch(arguments).getOutput().strip());
        var second = DevServiceAccountToken.verify(key, "aegis-notary", launcher.launch(arguments).getOutput().strip());

        assertEquals("runner-7f9c", first.podName());
        assertEquals("reports", first.workloadAnnotation());
        assertNotEquals(first.podUid(), second.podUid());
        assertTrue(Duration.between(Instant.now(), first.expiresAt()).compareTo(Duration.ofMinutes(11)) < 0);
    }

    @Test
    void saTokenRejectsInvalidNames(QuarkusMainLauncher launcher) throws Exception {
        assertEquals(0, launcher.launch("certs", "--dir", directory.toString()).exitCode());
        String dir = directory.toString();

        assertUsageError(launcher.launch("sa-token", "--dir", dir, "-n", "Team_A", "--sa", "billing"),
                "--namespace 'Team_A' is invalid: it must be a DNS-1123 label: at most 63 characters, lowercase letters,"
                        + " digits and '-', starting and ending with a letter or digit");
        assertUsageError(launcher.launch("sa-token", "--dir", dir, "-n", "team-a", "--sa", "-billing"),
                "--sa '-billing' is invalid: it must be a DNS-1123 subdomain: at most 253 characters, lowercase letters,"
                        + " digits, '-' and '.', each dot-separated part starting and ending with a letter or digit");
        assertUsageError(launcher.launch("sa-token", "--dir", dir, "-n", "team-a", "--sa", "billing", "--pod", "a..b"),
                "--pod 'a..b' is invalid: it must be a DNS-1123 subdomain");
        assertUsageError(launcher.launch("sa-token", "--dir", dir, "-n", "team-a", "--sa", "billing", "--workload", "a.b"),
                "--workload 'a.b' is invalid: it must be a DNS-1123 label");
        assertUsageError(launcher.launch("sa-token", "--dir", dir, "-n", "team-a", "--sa", "billing.v2"),
                "--sa 'billing.v2' cannot name the workload: without --workload the service account's name is the"
                        + " workload name, which must be a DNS-1123 label; pass --workload NAME");
        assertUsageError(launcher.launch("sa-token", "--dir", dir, "-n", "team-a", "--sa", "billing", "--ttl", "PT25H"),
                "--ttl 'PT25H' is invalid: it must be more than zero and at most PT24H");
        assertUsageError(launcher.launch("sa-token", "--dir", dir, "-n", "team-a", "--sa", "billing", "--ttl", "5"),
                "'5' is not an ISO-8601 duration: use a form such as PT30M or PT1H");
    }

    @Test
    void saTokenWithoutAttestorKeyFails(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("sa-token", "--dir", directory.toString(), "-n", "team-a", "--sa", "billing");

        assertEquals(1, result.exitCode());
        assertTrue(result.getErrorOutput().contains("aegis-dev-tools: dev attestor key "
                + directory.resolve("dev-attestor.key") + " is missing"), result.getErrorOutput());
        assertEquals("", result.getOutput());
    }

    private static void assertUsageError(LaunchResult result, String message) {
        assertEquals(2, result.exitCode(), result.getErrorOutput());
        assertTrue(result.getErrorOutput().contains(message), result.getErrorOutput());
        assertEquals("", result.getOutput());
    }

    private static String permissions(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
