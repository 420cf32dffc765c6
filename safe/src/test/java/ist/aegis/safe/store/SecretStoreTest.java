package ist.aegis.safe.store;

import ist.aegis.common.testing.SettableClock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ist.aegis.common.validation.InvalidFieldException;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

class SecretStoreTest {

    private static final SecretAddress BILLING = new SecretAddress("team-a", "billing");
    private static final Instant START = Instant.parse("2026-12-04T20:00:00Z");

    private final SettableClock clock = new SettableClock(START);
    private final SecretStore store = new SecretStore(clock, StoreLimits.defaults());

    @Test
    void putCreatesEntryAtVersionOne() {
        StoreChange change = store.put(BILLING, bytes("s3cret"), false);

        assertEquals(StoreChange.Action.CREATED, change.action());
        assertEquals(1, change.entry().version());
        assertEquals(START, change.entry().created());
        assertEquals(START, change.entry().updated());
        assertEquals(List.of("s3cret"), store.get(BILLING).orElseThrow().valuesAsText());
    }

    @Test
    void putReplacesValuesAndKeepsCreated() {
        store.put(BILLING, bytes("one"), false);
        store.put(BILLING, bytes("two"), true);
        clock.advance(Duration.ofMinutes(1));

        StoreChange change = store.put(BILLING, bytes("three"), false);

        assertEquals(StoreChange.Action.REPLACED, change.action());
        assertEquals(List.of("three"), change.entry().valuesAsText());
        assertEquals(3, change.entry().version());
        assertEquals(START, change.entry().created());
        assertEquals(START.plus(Duration.ofMinutes(1)), change.entry().updated());
    }

    @Test
    void appendKeepsOrderAndDropsDuplicate() {
        store.put(BILLING, bytes("one"), false);
        store.put(BILLING, bytes("two"), true);

        StoreChange duplicate = store.put(BILLING, bytes("one"), true);

        assertEquals(StoreChange.Action.UNCHANGED, duplicate.action());
        assertEquals(2, duplicate.entry().version());
        assertEquals(List.of("one", "two"), store.get(BILLING).orElseThrow().valuesAsText());
    }

    @Test
    void appendToAbsentEntryCreatesIt() {
        StoreChange change = store.put(BILLING, bytes("one"), true);

        assertEquals(StoreChange.Action.CREATED, change.action());
        assertEquals(1, change.entry().valueCount());
    }

    @Test
    void deleteRemovesEntry() {
        store.put(BILLING, bytes("one"), false);

        assertEquals(StoreChange.Action.DELETED, store.delete(BILLING).orElseThrow().action());
        assertTrue(store.get(BILLING).isEmpty());
        assertTrue(store.delete(BILLING).isEmpty());
    }

    @Test
    void listSortsByNamespaceThenWorkload() {
        store.put(new SecretAddress("team-b", "alpha"), bytes("x"), false);
        store.put(new SecretAddress("team-a", "zulu"), bytes("x"), false);
        store.put(new SecretAddress("team-a", "alpha"), bytes("x"), false);

        List<String> order = store.list().stream().map(entry -> entry.address().toString()).toList();

        assertEquals(List.of("team-a/alpha", "team-a/zulu", "team-b/alpha"), order);
    }

    @Test
    void storeCopiesValueBytes() {
        byte[] value = bytes("original");
        store.put(BILLING, value, false);
        value[0] = 'X';
        store.get(BILLING).orElseThrow().values().get(0)[0] = 'Y';

        assertEquals(List.of("original"), store.get(BILLING).orElseThrow().valuesAsText());
    }

    @Test
    void committerSeesPreviousAndNext() {
        List<String> calls = new ArrayList<>();
        store.setCommitter((address, previous, next) -> calls.add(address + " "
                + (previous == null ? "-" : previous.version()) + " " + (next == null ? "-" : next.version())));

        store.put(BILLING, bytes("one"), false);
        store.put(BILLING, bytes("two"), true);
        store.put(BILLING, bytes("two"), true);
        store.delete(BILLING);

        assertEquals(List.of("team-a/billing - 1", "team-a/billing 1 2", "team-a/billing 2 -"), calls);
    }

    @Test
    void failedCommitKeepsPreviousEntry() {
        SecretEntry before = store.put(BILLING, bytes("one"), false).entry();
        IllegalStateException failure = new IllegalStateException("backing store unavailable");
        store.setCommitter((address, previous, next) -> {
            throw failure;
        });

        assertSame(failure, assertThrows(IllegalStateException.class, () -> store.put(BILLING, bytes("two"), true)));
        assertSame(failure, assertThrows(IllegalStateException.class, () -> store.put(BILLING, bytes("two"), false)));
        assertSame(failure, assertThrows(IllegalStateException.class, () -> store.delete(BILLING)));
        assertSame(before, store.get(BILLING).orElseThrow());
    }

    @Test
    void failedCommitOfNewEntryStoresNothing() {
        store.setCommitter((address, previous, next) -> {
            throw new IllegalStateException("no root key loaded");
        });

        assertThrows(IllegalStateException.class, () -> store.put(BILLING, bytes("one"), false));
        assertTrue(store.get(BILLING).isEmpty());
    }

    @Test
    void valueOverLimitIsRejected() {
        SecretStore small = new SecretStore(clock, new StoreLimits(4, 8));

        SizeLimitException e = assertThrows(SizeLimitException.class, () -> small.put(BILLING, bytes("12345"), false));

        assertEquals("'value' is too large: it takes 5 bytes as UTF-8, and the limit is 4 bytes", e.getMessage());
        assertTrue(small.get(BILLING).isEmpty());
    }

    @Test
    void appendOverEntryLimitIsRejected() {
        SecretStore small = new SecretStore(clock, new StoreLimits(4, 8));
        small.put(BILLING, bytes("1234"), false);
        small.put(BILLING, bytes("abcd"), true);

        SizeLimitException e = assertThrows(SizeLimitException.class, () -> small.put(BILLING, bytes("x"), true));

        assertEquals("entry for workload 'billing' in namespace 'team-a' is too large: with this value its values"
                + " would take 9 bytes as UTF-8, and the limit is 8 bytes", e.getMessage());
        assertEquals(List.of("1234", "abcd"), small.get(BILLING).orElseThrow().valuesAsText());
        assertEquals(2, small.get(BILLING).orElseThrow().version());
    }

    @Test
    void concurrentAppendsLoseNothing() throws Exception {
        int threads = 8;
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                tasks.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        store.put(BILLING, bytes("value-" + thread + "-" + i), true);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> task : tasks) {
                task.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        SecretEntry entry = store.get(BILLING).orElseThrow();
        Set<String> expected = new HashSet<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                expected.add("value-" + t + "-" + i);
            }
        }
        assertEquals(threads * perThread, entry.valueCount());
        assertEquals(expected, new HashSet<>(entry.valuesAsText()));
        assertEquals(threads * perThread, entry.version());
    }

    @Test
    void trickyValuesRoundTripByteForByte() {
        for (String value : TrickyValues.ALL) {
            byte[] encoded = SecretValues.encode("value", value.toCharArray(), StoreLimits.defaults());
            store.put(BILLING, encoded, false);

            SecretEntry entry = store.get(BILLING).orElseThrow();
            assertArrayEquals(value.getBytes(StandardCharsets.UTF_8), entry.values().get(0), value);
            assertEquals(value, entry.valuesAsText().get(0));
        }
    }

    @Test
    void unpairedSurrogateIsRejected() {
        char[] value = {'a', '\ud83d', 'b'};

        InvalidFieldException e = assertThrows(InvalidFieldException.class,
                () -> SecretValues.encode("value", value, StoreLimits.defaults()));

        assertEquals("'value' is invalid: it is not UTF-8 text because it contains an unpaired UTF-16 surrogate",
                e.getMessage());
    }

    @Test
    void absentValueIsRejectedButEmptyIsNot() {
        InvalidFieldException e = assertThrows(InvalidFieldException.class,
                () -> SecretValues.encode("value", null, StoreLimits.defaults()));

        assertEquals("'value' is missing: it must be a string (an empty string is allowed)", e.getMessage());
        assertEquals(0, SecretValues.encode("value", new char[0], StoreLimits.defaults()).length);
    }

    @Test
    void encodeCountsUtf8Bytes() {
        // Four characters, but twelve bytes of UTF-8: the limit counts bytes.
        SizeLimitException e = assertThrows(SizeLimitException.class,
                () -> SecretValues.encode("value", "€€€€".toCharArray(), new StoreLimits(11, 11)));

        assertEquals("'value' is too large: it takes 12 bytes as UTF-8, and the limit is 11 bytes", e.getMessage());
    }

    @Test
    void restoreReplacesContentWithoutCommitting() {
        store.put(new SecretAddress("old", "gone"), bytes("x"), false);
        List<String> commits = new ArrayList<>();
        store.setCommitter((address, previous, next) -> commits.add(address.toString()));
        SecretEntry saved = new SecretEntry(BILLING, List.of(bytes("a"), bytes("b")), START, START, 7);

        store.restore(List.of(saved));

        assertEquals(List.of(), commits);
        assertEquals(1, store.size());
        assertEquals(7, store.get(BILLING).orElseThrow().version());
        assertEquals(8, store.put(BILLING, bytes("c"), true).entry().version());
    }

    @Test
    void restoreRejectsDuplicateAddresses() {
        SecretEntry one = new SecretEntry(BILLING, List.of(bytes("a")), START, START, 1);
        SecretEntry two = new SecretEntry(BILLING, List.of(bytes("b")), START, START, 2);
        store.put(new SecretAddress("old", "kept"), bytes("x"), false);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.restore(List.of(one, two)));

        assertEquals("snapshot has two entries for team-a/billing", e.getMessage());
        assertFalse(store.get(new SecretAddress("old", "kept")).isEmpty());
        assertNull(store.get(BILLING).orElse(null));
    }

    @Test
    void entryToStringHasNoValue() {
        SecretEntry entry = store.put(BILLING, bytes("hunter2"), false).entry();

        assertEquals("SecretEntry[team-a/billing, version 1, 1 value(s)]", entry.toString());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
