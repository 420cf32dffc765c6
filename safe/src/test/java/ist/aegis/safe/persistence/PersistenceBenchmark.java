package ist.aegis.safe.persistence;

import ist.aegis.common.testing.ServiceEnvironment;
import ist.aegis.common.testing.ServiceProcess;
import ist.aegis.common.tls.ComponentCertificates;
import ist.aegis.safe.crypto.EntryAddress;
import ist.aegis.safe.crypto.EntryCipher;
import ist.aegis.safe.crypto.EntryRecord;
import ist.aegis.safe.crypto.RootKey;
import ist.aegis.safe.crypto.RootKeySlot;
import ist.aegis.safe.store.EntryCommitter;
import ist.aegis.safe.store.SecretAddress;
import ist.aegis.safe.store.SecretStore;
import ist.aegis.safe.store.StoreLimits;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.quarkus.test.kubernetes.client.KubernetesServer;

/**
 * Measures Safe's persistence; a benchmark, not a test. It reports, each beside a reference run
 * made by the same command:
 * <ul>
 * <li>start-up time to ready of the packaged Safe over a {@code file} store seeded directly with
 * 10,000 and 100,000 entries of 1 KiB, against an empty store;</li>
 * <li>write throughput of the secret store through each backing store, in process, against the
 * store without persistence and the {@code memory} backing store.</li>
 * </ul>
 * Everything runs on 127.0.0.1 and every run is bounded in count and time. The {@code kubernetes}
 * store runs against the fabric8 mock API server, so its figure measures the client and the mock,
 * not etcd. Run it with the command in docs/benchmarks.md.
 */
public final class PersistenceBenchmark {

    private static final int VALUE_BYTES = 1024;
    private static final int START_RUNS = 5;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern RESTORED = Pattern.compile("restored (\\d+) entries");
    private static final SecureRandom RANDOM = new SecureRandom();

    private PersistenceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("aegis-safe-benchmark");
        try {
            startUp(work);
            throughput();
        } finally {
            deleteTree(work);
        }
        // The fabric8 mock server leaves a non-daemon Vert.x thread behind, which exec:java would wait for.
        System.exit(0);
    }

    // Start-up ----------------------------------------------------------------------------------

    private static void startUp(Path work) throws Exception {
        Path tls = work.resolve("tls");
        ComponentCertificates.writeLocal(tls, "aegis.ist", Duration.ofDays(1));
        System.out.println("## Start-up to ready, file store, 1 KiB per entry, median of " + START_RUNS + " runs");
        System.out.println("| entries | median ms | runs ms | ratio to empty |");
        System.out.println("| ---: | ---: | --- | ---: |");
        long emptyMedian = 0;
        for (int entries : new int[] {0, 10_000, 100_000}) {
            Path data = work.resolve("data-" + entries);
            Path keyFile = work.resolve("root-key-" + entries);
            seed(data, keyFile, entries);
            long[] runs = new long[START_RUNS];
            for (int run = 0; run < START_RUNS; run++) {
                runs[run] = timeStart(work, tls, data, keyFile, entries);
            }
            long median = median(runs);
            if (entries == 0) {
                emptyMedian = median;
            }
            System.out.printf("| %,d | %d | %s | %.2f |%n", entries, median, Arrays.toString(runs),
                    (double) median / emptyMedian);
        }
        System.out.println();
    }

    /** Writes {@code entries} sealed records straight into a file store directory, bypassing the API. */
    private static void seed(Path data, Path keyFile, int entries) throws IOException {
        RootKey key = new FileRootKeyHolder(keyFile).createIfAbsent(RootKey.generate(RANDOM));
        EntryCipher cipher = new EntryCipher(RANDOM);
        FileBackingStore store = new FileBackingStore(data);
        store.writeKeyCheck(cipher.sealKeyCheck(key));
        Instant now = Instant.now();
        for (int i = 0; i < entries; i++) {
            EntryAddress address = new EntryAddress("bench-" + (i % 100), "w-" + i);
            byte[] value = new byte[VALUE_BYTES];
            Arrays.fill(value, (byte) ('a' + i % 26));
            // Plain writes without fsync: seeding is not what is measured.
            Files.write(store.fileFor(address), cipher.seal(key, new EntryRecord(address, List.of(value), now, now, 1)));
        }
    }

    /** Starts the packaged Safe and returns the milliseconds until its readiness probe returns 200. */
    private static long timeStart(Path work, Path tls, Path data, Path keyFile, int entries) throws Exception {
        int managementPort = ServiceProcess.freePort();
        Path log = work.resolve("safe-" + entries + ".log");
        Files.deleteIfExists(log);
        Map<String, String> environment = ServiceEnvironment.safe(tls, ServiceProcess.freePort(), managementPort);
        environment.put("SAFE_NOTARY_JWKS_URL", "https://127.0.0.1:" + ServiceProcess.freePort() + "/notary/v1/jwks");
        environment.put("SAFE_STORE_KIND", "file");
        environment.put("SAFE_STORE_DIRECTORY", data.toString());
        environment.put("SAFE_ROOT_KEY_FILE", keyFile.toString());

        long started = System.nanoTime();
        try (ServiceProcess safe = ServiceProcess.start("safe", List.of("-Xmx1g"), environment, managementPort, log)) {
            safe.awaitReady(READY_TIMEOUT);
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            Matcher restored = RESTORED.matcher(safe.logText());
            if (!restored.find() || Integer.parseInt(restored.group(1)) != entries) {
                throw new IllegalStateException("Safe did not restore " + entries + " entries; see " + log);
            }
            return elapsedMs;
        }
    }

    // Write throughput ------------------------------------------------------------------------------

    private record Case(String name, int writes, Supplier<EntryCommitter> committer) {
    }

    private static void throughput() throws Exception {
        Path directory = Files.createTempDirectory("aegis-safe-benchmark-store");
        KubernetesServer server = new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
        server.before();
        try {
            RootKeySlot slot = new RootKeySlot();
            slot.loadIfEmpty(RootKey.generate(RANDOM));
            EntryCipher cipher = new EntryCipher(RANDOM);
            List<Case> cases = List.of(
                    new Case("none (no persistence)", 50_000, () -> EntryCommitter.NONE),
                    new Case("memory", 50_000, () -> new EncryptedCommitter(new MemoryBackingStore(), cipher, slot)),
                    new Case("file", 5_000, () -> new EncryptedCommitter(new FileBackingStore(
                            directory.resolve("run-" + System.nanoTime())), cipher, slot)),
                    new Case("kubernetes (fabric8 mock)", 2_000, () -> new EncryptedCommitter(
                            new KubernetesBackingStore(server.getClient(), "bench-" + System.nanoTime() % 1_000_000),
                            cipher, slot)));
            for (int threads : new int[] {1, 4}) {
                System.out.println("## Write throughput, 1 KiB values, new entries, " + threads + " thread(s)");
                System.out.println("| backing store | writes | writes/s | ratio to memory |");
                System.out.println("| --- | ---: | ---: | ---: |");
                double memoryRate = 0;
                for (Case benchmark : cases) {
                    // A warm-up of half the count on its own store, so the JIT has compiled the path, then the measured run.
                    run(benchmark.committer().get(), benchmark.writes() / 2, threads);
                    double rate = run(benchmark.committer().get(), benchmark.writes(), threads);
                    if (benchmark.name().equals("memory")) {
                        memoryRate = rate;
                    }
                    System.out.printf("| %s | %,d | %,.0f | %s |%n", benchmark.name(), benchmark.writes(), rate,
                            memoryRate == 0 ? "" : String.format("%.3f", rate / memoryRate));
                }
                System.out.println();
            }
        } finally {
            server.after();
            deleteTree(directory);
        }
    }

    /** Writes {@code writes} new 1 KiB entries with {@code threads} threads; returns writes per second. */
    private static double run(EntryCommitter committer, int writes, int threads) throws Exception {
        SecretStore store = new SecretStore(Clock.systemUTC(), StoreLimits.defaults());
        store.setCommitter(committer);
        byte[] value = "v".repeat(VALUE_BYTES).getBytes(StandardCharsets.UTF_8);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            long started = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(executor.submit(() -> {
                    for (int i = thread; i < writes; i += threads) {
                        store.put(new SecretAddress("bench", "w-" + i), value, false);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(5, TimeUnit.MINUTES);
            }
            return writes / ((System.nanoTime() - started) / 1e9);
        } finally {
            executor.shutdownNow();
        }
    }

    // Helpers ---------------------------------------------------------------------------------------

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
