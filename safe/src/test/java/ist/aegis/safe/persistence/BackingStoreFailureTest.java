package ist.aegis.safe.persistence;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ist.aegis.safe.store.SecretAddress;
import ist.aegis.safe.store.SecretStore;
import ist.aegis.safe.support.SafeTlsResource;
import ist.aegis.safe.support.TestTls;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** A change that the backing store cannot make durable gets a 503 response and is not applied. */
@QuarkusTest
@QuarkusTestResource(SafeTlsResource.class)
@TestProfile(BackingStoreFailureTest.Profile.class)
class BackingStoreFailureTest {

    private static final Path ROOT = createRoot();

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "safe.store.kind", "file",
                    "safe.store.directory", ROOT.resolve("data").toString(),
                    "safe.root-key.file", ROOT.resolve("root-key").toString());
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Inject
    SecretStore store;

    private static Path createRoot() {
        try {
            return Files.createTempDirectory("aegis-failing-store");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void failedWriteAnswers503AndChangesNothing() throws IOException {
        // Replace the record directory with a plain file, so every write fails (file modes would not stop root).
        Path data = ROOT.resolve("data");
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        Files.writeString(data, "not a directory");

        TestTls.asSentinel(url).contentType(ContentType.JSON)
                .body(Map.of("workload", "billing", "namespace", "failing", "value", "v1"))
                .post("/sentinel/v1/secrets").then().statusCode(503)
                .body("error", equalTo("unavailable"))
                .body("message", equalTo("the change was not stored, because the backing store failed: try again,"
                        + " and see Safe's log"));

        assertTrue(store.get(new SecretAddress("failing", "billing")).isEmpty(), "an unstored change is not applied");
    }
}
