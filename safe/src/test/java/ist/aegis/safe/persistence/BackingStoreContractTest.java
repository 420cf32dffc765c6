package ist.aegis.safe.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ist.aegis.safe.crypto.EntryAddress;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link BackingStore} promises, run against each kind by a subclass. Records
 * here are arbitrary bytes: a backing store never interprets them.
 */
abstract class BackingStoreContractTest {

    private static final EntryAddress BILLING = new EntryAddress("team-a", "billing");
    private static final EntryAddress PAYROLL = new EntryAddress("team-a", "payroll");
    private static final EntryAddress OTHER_BILLING = new EntryAddress("team-b", "billing");

    private BackingStore store;

    /** Creates an empty store. */
    abstract BackingStore newStore() throws Exception;

    /** Creates a second store over the data of the last store {@link #newStore()} made, as a restarted Safe would. */
    abstract BackingStore reopenStore() throws Exception;

    @BeforeEach
    void createStore() throws Exception {
        store = newStore();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void emptyStoreHasNoData() {
        assertFalse(store.hasData());
        assertEquals(List.of(), store.list());
        assertTrue(store.read(BILLING).isEmpty());
        assertTrue(store.readKeyCheck().isEmpty());
    }

    @Test
    void writeThenRead() {
        store.write(BILLING, bytes("record one"));

        assertArrayEquals(bytes("record one"), store.read(BILLING).orElseThrow());
        assertTrue(store.read(PAYROLL).isEmpty());
        assertTrue(store.hasData());
    }

    @Test
    void addressesAreDistinct() {
        store.write(BILLING, bytes("a"));
        store.write(OTHER_BILLING, bytes("b"));

        assertArrayEquals(bytes("a"), store.read(BILLING).orElseThrow());
        assertArrayEquals(bytes("b"), store.read(OTHER_BILLING).orElseThrow());
    }

    @Test
    void overwriteReplacesRecord() {
        store.write(BILLING, bytes("first"));
        store.write(BILLING, bytes("second, longer than the first"));

        assertArrayEquals(bytes("second, longer than the first"), store.read(BILLING).orElseThrow());
        assertEquals(List.of(BILLING), store.list());
    }

    @Test
    void deleteRemovesRecord() {
        store.write(BILLING, bytes("a"));
        store.write(PAYROLL, bytes("b"));

        assertTrue(store.delete(BILLING));
        assertFalse(store.delete(BILLING));

        assertTrue(store.read(BILLING).isEmpty());
        assertEquals(List.of(PAYROLL), store.list());
    }

    @Test
    void listAndReadAllReturnEveryRecord() {
        store.write(BILLING, bytes("a"));
        store.write(PAYROLL, bytes("b"));
        store.write(OTHER_BILLING, bytes("c"));

        Map<EntryAddress, String> all = new HashMap<>();
        store.readAll((address, record) -> all.put(address, new String(record, StandardCharsets.UTF_8)));

        assertEquals(Set.of(BILLING, PAYROLL, OTHER_BILLING), new HashSet<>(store.list()));
        assertEquals(Map.of(BILLING, "a", PAYROLL, "b", OTHER_BILLING, "c"), all);
    }

    @Test
    void keyCheckIsApartFromEntries() {
        store.writeKeyCheck(bytes("check"));

        assertArrayEquals(bytes("check"), store.readKeyCheck().orElseThrow());
        assertEquals(List.of(), store.list());
        assertTrue(store.hasData());
    }

    @Test
    void returnedRecordIsACopy() {
        byte[] record = bytes("record");
        store.write(BILLING, record);
        record[0] = 'X';
        store.read(BILLING).orElseThrow()[1] = 'Y';

        assertArrayEquals(bytes("record"), store.read(BILLING).orElseThrow());
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        int writers = 4;
        int perWriter = 25;
        ExecutorService executor = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(executor.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        store.write(new EntryAddress("ns-" + writer, "w-" + i), bytes(writer + "/" + i));
                        // Every writer also races on one shared address.
                        store.write(BILLING, bytes("writer " + writer + " write " + i));
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }

        assertEquals(writers * perWriter + 1, store.list().size());
        for (int w = 0; w < writers; w++) {
            for (int i = 0; i < perWriter; i++) {
                assertArrayEquals(bytes(w + "/" + i), store.read(new EntryAddress("ns-" + w, "w-" + i)).orElseThrow());
            }
        }
        String shared = new String(store.read(BILLING).orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(shared.matches("writer [0-3] write \\d+"), "the shared record is one whole write: " + shared);
    }

    @Test
    void reopenedStoreReturnsEverything() throws Exception {
        store.write(BILLING, bytes("a"));
        store.write(PAYROLL, bytes("b"));
        store.write(OTHER_BILLING, bytes("c"));
        store.delete(PAYROLL);
        store.writeKeyCheck(bytes("check"));

        BackingStore reopened = reopenStore();

        assertTrue(reopened.hasData());
        assertEquals(Set.of(BILLING, OTHER_BILLING), new HashSet<>(reopened.list()));
        assertArrayEquals(bytes("a"), reopened.read(BILLING).orElseThrow());
        assertArrayEquals(bytes("c"), reopened.read(OTHER_BILLING).orElseThrow());
        assertEquals(Optional.empty(), reopened.read(PAYROLL));
        assertArrayEquals(bytes("check"), reopened.readKeyCheck().orElseThrow());
    }
}
