package ist.aegis.safe.persistence;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ist.aegis.common.identity.SystemComponent;
import ist.aegis.common.testing.ServiceEnvironment;
import ist.aegis.common.testing.ServiceProcess;
import ist.aegis.common.tls.ComponentCertificates;
import ist.aegis.common.tls.TlsContexts;
import ist.aegis.safe.crypto.EntryAddress;
import ist.aegis.safe.crypto.EntryCipher;
import ist.aegis.safe.crypto.EntryRecord;
import ist.aegis.safe.crypto.RootKey;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the packaged Safe with SIGKILL while clients write over mTLS, starts it again on the same
 * file store and root key file, and checks that every acknowledged write survived.
 */
class CrashRecoveryIT {

    private static final String NAMESPACE = "crash";
    private static final int ENTRIES = 1000;
    private static final int WRITERS = 4;
    private static final int KILL_AFTER_ACKNOWLEDGED = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temporary;

    private Map<String, String> environment(Path tls, int httpsPort, int managementPort) throws IOException {
        Map<String, String> environment = ServiceEnvironment.safe(tls, httpsPort, managementPort);
        // A closed loopback port, so that Safe never reaches for the cluster address of Notary.
        environment.put("SAFE_NOTARY_JWKS_URL", "https://127.0.0.1:" + ServiceProcess.freePort() + "/notary/v1/jwks");
        environment.put("SAFE_STORE_KIND", "file");
        environment.put("SAFE_STORE_DIRECTORY", temporary.resolve("data").toString());
        environment.put("SAFE_ROOT_KEY_MODE", "auto");
        environment.put("SAFE_ROOT_KEY_FILE", temporary.resolve("root-key").toString());
        return environment;
    }

    private ServiceProcess startSafe(Path tls, int httpsPort) throws Exception {
        int managementPort = ServiceProcess.freePort();
        return ServiceProcess.start("safe", environment(tls, httpsPort, managementPort), managementPort,
                temporary.resolve("safe.log")).awaitReady(Duration.ofSeconds(90));
    }

    private static HttpRequest upsert(int httpsPort, int index, int version) {
        String body = "{\"workload\":\"w-" + index + "\",\"namespace\":\"" + NAMESPACE + "\",\"value\":\"value-" + index
                + "-v" + version + "\"}";
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort + "/sentinel/v1/secrets"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        Path tls = temporary.resolve("tls");
        ComponentCertificates.writeLocal(tls, "aegis.ist", Duration.ofDays(1));
        SSLContext sentinel = TlsContexts.client(ComponentCertificates.caPath(tls),
                ComponentCertificates.certificatePath(tls, SystemComponent.SENTINEL),
                ComponentCertificates.keyPath(tls, SystemComponent.SENTINEL));
        HttpClient client = HttpClient.newBuilder().sslContext(sentinel).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        int firstPort = ServiceProcess.freePort();
        ServiceProcess safe = startSafe(tls, firstPort);

        // Step 1: writers create each entry and then replace it; the map keeps each entry's highest acknowledged version.
        Map<Integer, Integer> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger acknowledgedWrites = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        try {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(executor.submit(() -> {
                    for (int index = writer; index < ENTRIES; index += WRITERS) {
                        for (int version = 1; version <= 2; version++) {
                            HttpResponse<String> response;
                            try {
                                response = client.send(upsert(firstPort, index, version),
                                        HttpResponse.BodyHandlers.ofString());
                            } catch (IOException e) {
                                return null; // Safe is gone: nothing after this was acknowledged.
                            }
                            if (response.statusCode() != 200) {
                                throw new AssertionError("write " + index + " v" + version + " answered "
                                        + response.statusCode() + ": " + response.body());
                            }
                            acknowledged.put(index, version);
                            acknowledgedWrites.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }

            // Step 2: kill Safe half-way through the 2,000 writes.
            await("half of the writes acknowledged").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                    .until(() -> acknowledgedWrites.get() >= KILL_AFTER_ACKNOWLEDGED);
            safe.kill();
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
            safe.close();
        }
        int total = acknowledgedWrites.get();
        assertTrue(total < 2 * ENTRIES, "Safe was killed before all writes finished: " + total + " acknowledged");

        // Step 3: start Safe again on the same store and key, and list what it restored.
        int secondPort = ServiceProcess.freePort();
        Map<String, Integer> versions = new HashMap<>();
        try (ServiceProcess restarted = startSafe(tls, secondPort)) {
            HttpResponse<String> list = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + secondPort + "/sentinel/v1/secrets"))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, list.statusCode(), list.body());
            for (JsonNode secret : JSON.readTree(list.body()).get("secrets")) {
                if (NAMESPACE.equals(secret.get("namespace").asText())) {
                    versions.put(secret.get("workload").asText(), secret.get("version").asInt());
                }
            }
            assertTrue(restarted.logText().contains("records skipped"), "the restore is logged");
        }

        System.out.printf("CrashRecoveryIT: %d writes acknowledged before SIGKILL, %d entries restored%n", total,
                versions.size());

        // Step 4: every acknowledged write is there, at its acknowledged version or the one after it.
        for (Map.Entry<Integer, Integer> write : acknowledged.entrySet()) {
            Integer restored = versions.get("w-" + write.getKey());
            assertTrue(restored != null, "entry w-" + write.getKey() + " was acknowledged but not restored");
            assertTrue(restored >= write.getValue(), "entry w-" + write.getKey()
                    + " was acknowledged at version " + write.getValue() + " but restored as " + restored);
        }

        // Step 5: the records on disk hold the acknowledged values, read with the root key file.
        FileBackingStore store = new FileBackingStore(temporary.resolve("data"));
        RootKey key = new FileRootKeyHolder(temporary.resolve("root-key")).read().orElseThrow();
        EntryCipher cipher = new EntryCipher(new SecureRandom());
        for (Map.Entry<Integer, Integer> write : acknowledged.entrySet()) {
            EntryAddress address = new EntryAddress(NAMESPACE, "w-" + write.getKey());
            EntryRecord record = cipher.open(key, address, store.read(address).orElseThrow());
            String value = new String(record.values().get(0), StandardCharsets.UTF_8);
            assertTrue(value.equals("value-" + write.getKey() + "-v" + record.version()), address + " holds " + value);
        }
        assertTrue(Files.isRegularFile(temporary.resolve("root-key")));
    }
}
