package ist.aegis.safe.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Safe's secrets in memory, one {@link SecretEntry} per (namespace, workload) address.
 *
 * <p>Thread-safety: every method may be called from any thread. Reads are lock-free and see the latest
 * committed snapshot of each entry. Changes to one address are serialized by a lock striped over the
 * addresses, so concurrent appends to one entry lose nothing, while changes to different addresses
 * usually run in parallel.
 *
 * <p>Every change takes one path: under the address's lock, compute the new immutable snapshot, hand
 * it to the {@link EntryCommitter}, and only when the committer returns, publish it. A committer that
 * throws leaves the previous entry in place, and the exception reaches the caller.
 *
 * <p>Trust: the store trusts its callers to have validated the address (DNS-1123 labels) and to have
 * authorized the request. It checks the size limits itself, because only it reads an entry's other
 * values under the lock. It trusts the committer to report durability truthfully, and it trusts the
 * snapshots given to {@link #restore}. Values are kept as plaintext bytes in memory only; the store
 * itself never writes them anywhere or logs them.
 */
public final class SecretStore {

    // A power of two, so that the hash can pick a stripe with a mask.
    private static final int LOCK_STRIPES = 64;

    private final ConcurrentHashMap<SecretAddress, SecretEntry> entries = new ConcurrentHashMap<>();
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    private final Clock clock;
    private final StoreLimits limits;
    private volatile EntryCommitter committer;

    /** Creates an empty store that keeps changes in memory only until a committer is set. */
    public SecretStore(Clock clock, StoreLimits limits) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.committer = EntryCommitter.NONE;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    public StoreLimits limits() {
        return limits;
    }

    /** Sets the committer that every later change goes through; {@link EntryCommitter#NONE} keeps nothing. */
    public void setCommitter(EntryCommitter committer) {
        this.committer = Objects.requireNonNull(committer, "committer");
    }

    /** Returns the entry at {@code address}, if any. */
    public Optional<SecretEntry> get(SecretAddress address) {
        return Optional.ofNullable(entries.get(address));
    }

    /** Returns every entry, sorted by namespace and then workload. */
    public List<SecretEntry> list() {
        List<SecretEntry> all = new ArrayList<>(entries.values());
        all.sort((left, right) -> left.address().compareTo(right.address()));
        return all;
    }

    /**
     * Stores {@code value} at {@code address}: a new entry when none exists, otherwise it replaces
     * every value, or with {@code append} adds the value after the others unless an equal one is
     * already there. The store copies {@code value}, so the caller may overwrite its array afterwards.
     *
     * @throws SizeLimitException when the value or the resulting entry exceeds a limit; nothing changes
     * @throws RuntimeException whatever the committer throws; nothing changes
     */
    public StoreChange put(SecretAddress address, byte[] value, boolean append) {
        if (value.length > limits.maxValueBytes()) {
            throw new SizeLimitException("value", "'value' is too large: it takes " + value.length
                    + " bytes as UTF-8, and the limit is " + limits.maxValueBytes() + " bytes");
        }
        ReentrantLock lock = lockFor(address);
        lock.lock();
        try {
            SecretEntry previous = entries.get(address);
            Instant now = clock.instant();

            // Work out the new snapshot, or return early when the append changes nothing.
            SecretEntry next;
            StoreChange.Action action;
            if (previous == null) {
                next = new SecretEntry(address, List.of(value), now, now, 1);
                action = StoreChange.Action.CREATED;
            } else if (!append) {
                next = new SecretEntry(address, List.of(value), previous.created(), now, previous.version() + 1);
                action = StoreChange.Action.REPLACED;
            } else if (previous.containsValue(value)) {
                return new StoreChange(StoreChange.Action.UNCHANGED, previous);
            } else {
                long entryBytes = previous.sizeBytes() + value.length;
                if (entryBytes > limits.maxEntryBytes()) {
                    throw new SizeLimitException("value", "entry for workload '" + address.workload()
                            + "' in namespace '" + address.namespace() + "' is too large: with this value its values"
                            + " would take " + entryBytes + " bytes as UTF-8, and the limit is "
                            + limits.maxEntryBytes() + " bytes");
                }
                List<byte[]> values = previous.values();
                values.add(value);
                next = new SecretEntry(address, values, previous.created(), now, previous.version() + 1);
                action = StoreChange.Action.APPENDED;
            }

            commit(address, previous, next);
            return new StoreChange(action, next);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes the entry at {@code address}.
     *
     * @return the change, or empty when there was no entry
     * @throws RuntimeException whatever the committer throws; the entry stays
     */
    public Optional<StoreChange> delete(SecretAddress address) {
        ReentrantLock lock = lockFor(address);
        lock.lock();
        try {
            SecretEntry previous = entries.get(address);
            if (previous == null) {
                return Optional.empty();
            }
            commit(address, previous, null);
            return Optional.of(new StoreChange(StoreChange.Action.DELETED, null));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces the whole content with {@code snapshot}, such as the entries read back from a backing
     * store at start-up. It does not call the committer, because the entries are already durable.
     * Call it before the store serves requests; a change running at the same time may be lost.
     *
     * @throws IllegalArgumentException when two entries share an address; nothing changes
     */
    public void restore(Collection<SecretEntry> snapshot) {
        ConcurrentHashMap<SecretAddress, SecretEntry> loaded = new ConcurrentHashMap<>();
        for (SecretEntry entry : snapshot) {
            if (loaded.putIfAbsent(entry.address(), entry) != null) {
                throw new IllegalArgumentException("snapshot has two entries for " + entry.address());
            }
        }
        entries.clear();
        entries.putAll(loaded);
    }

    /** Returns the number of entries. */
    public int size() {
        return entries.size();
    }

    private void commit(SecretAddress address, SecretEntry previous, SecretEntry next) {
        // The committer runs before the map changes, so a failed write leaves the old entry visible.
        committer.commit(address, previous, next);
        if (next == null) {
            entries.remove(address);
        } else {
            entries.put(address, next);
        }
    }

    private ReentrantLock lockFor(SecretAddress address) {
        int hash = address.hashCode();
        return locks[(hash ^ (hash >>> 16)) & (LOCK_STRIPES - 1)];
    }
}
