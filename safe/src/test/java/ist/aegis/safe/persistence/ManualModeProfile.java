package ist.aegis.safe.persistence;

import ist.aegis.safe.crypto.EntryAddress;
import ist.aegis.safe.crypto.EntryCipher;
import ist.aegis.safe.crypto.EntryRecord;
import ist.aegis.safe.crypto.RootKey;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Safe in manual root key mode over a file store that already contains one entry, {@code seeded/app},
 * sealed with the key in the system property {@value #KEY_PROPERTY} (base64).
 */
public class ManualModeProfile implements QuarkusTestProfile {

    static final String KEY_PROPERTY = "aegis.test.manual-root-key";
    static final String DIRECTORY_PROPERTY = "aegis.test.manual-store";

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(SeededStore.class));
    }

    /** Seeds the store directory before Safe starts. */
    public static class SeededStore implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            try {
                Path directory = Files.createTempDirectory("aegis-manual-store");
                SecureRandom random = new SecureRandom();
                RootKey key = RootKey.generate(random);
                EntryCipher cipher = new EntryCipher(random);
                FileBackingStore store = new FileBackingStore(directory);
                EntryAddress address = new EntryAddress("seeded", "app");
                Instant created = Instant.parse("2026-12-01T08:00:00Z");
                store.write(address, cipher.seal(key, new EntryRecord(address,
                        List.of("seed-value".getBytes(StandardCharsets.UTF_8)), created, created, 3)));
                store.writeKeyCheck(cipher.sealKeyCheck(key));
                System.setProperty(KEY_PROPERTY, Base64.getEncoder().encodeToString(key.encoded()));
                System.setProperty(DIRECTORY_PROPERTY, directory.toString());
                return Map.of(
                        "safe.store.kind", "file",
                        "safe.store.directory", directory.toString(),
                        "safe.root-key.mode", "manual");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
            System.clearProperty(KEY_PROPERTY);
            System.clearProperty(DIRECTORY_PROPERTY);
        }
    }
}
