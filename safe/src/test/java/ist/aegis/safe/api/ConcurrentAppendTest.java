package ist.aegis.safe.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ist.aegis.common.identity.SystemComponent;
import ist.aegis.common.tls.ComponentCertificates;
import ist.aegis.safe.store.SecretAddress;
import ist.aegis.safe.store.SecretEntry;
import ist.aegis.safe.store.SecretStore;
import ist.aegis.safe.support.SafeTlsResource;
import ist.aegis.safe.support.TestTls;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Eight clients append 100 values each to one entry over mTLS at the same time; none may be lost. */
@QuarkusTest
@QuarkusTestResource(SafeTlsResource.class)
class ConcurrentAppendTest {

    private static final int THREADS = 8;
    private static final int VALUES_PER_THREAD = 100;

    @TestHTTPResource(value = "/sentinel/v1/secrets", tls = true)
    URL url;

    @Inject
    SecretStore store;

    @Test
    void concurrentAppendsAllPresent() throws Exception {
        Path dir = TestTls.directory();
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .sslContext(TestTls.context(ComponentCertificates.certificatePath(dir, SystemComponent.SENTINEL),
                        ComponentCertificates.keyPath(dir, SystemComponent.SENTINEL)))
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);

        try {
            List<Future<List<Integer>>> tasks = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                tasks.add(pool.submit(() -> {
                    start.await();
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < VALUES_PER_THREAD; i++) {
                        String body = "{\"workload\":\"billing\",\"namespace\":\"concurrent\",\"value\":\"v-" + thread
                                + "-" + i + "\",\"append\":true}";
                        HttpRequest request = HttpRequest.newBuilder(URI.create(url.toString()))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build();
                        statuses.add(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
                    }
                    return statuses;
                }));
            }
            start.countDown();
            for (Future<List<Integer>> task : tasks) {
                assertEquals(List.of(200), task.get(120, TimeUnit.SECONDS).stream().distinct().toList());
            }
        } finally {
            pool.shutdownNow();
        }

        SecretEntry entry = store.get(new SecretAddress("concurrent", "billing")).orElseThrow();
        Set<String> expected = new HashSet<>();
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < VALUES_PER_THREAD; i++) {
                expected.add("v-" + t + "-" + i);
            }
        }
        assertEquals(THREADS * VALUES_PER_THREAD, entry.valueCount());
        assertEquals(expected, new HashSet<>(entry.valuesAsText()));
        assertEquals(THREADS * VALUES_PER_THREAD, entry.version());
    }
}
