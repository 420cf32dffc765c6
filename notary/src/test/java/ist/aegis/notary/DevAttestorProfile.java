package ist.aegis.notary;

import ist.aegis.common.tls.Pem;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;

/**
 * Notary as dev mode runs it: the dev attestor with a key pair generated at test time, and the
 * signing keys in a file. No Kubernetes API server exists in this profile.
 */
public class DevAttestorProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(NotaryTlsResource.class), new TestResourceEntry(DevKeys.class));
    }

    /** Writes the dev public key and names the key file. */
    public static class DevKeys implements QuarkusTestResourceLifecycleManager {

        private static volatile KeyPair keyPair;
        private static volatile Path directory;

        @Override
        public Map<String, String> start() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                keyPair = generator.generateKeyPair();
                directory = Files.createTempDirectory("notary-dev");
                Pem.write(directory.resolve("service-account.pub"), Pem.encode(keyPair.getPublic()), false);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of(
                    "notary.dev-attestor.enabled", "true",
                    "notary.dev-attestor.public-key", directory.resolve("service-account.pub").toString(),
                    "notary.signing-key.store", "file",
                    "notary.signing-key.file", keyFile().toString(),
                    "notary.issuer", "https://localhost:8443");
        }

        @Override
        public void stop() {
        }

        public static KeyPair keyPair() {
            return keyPair;
        }

        public static Path keyFile() {
            return directory.resolve("notary-keys.json");
        }
    }
}
