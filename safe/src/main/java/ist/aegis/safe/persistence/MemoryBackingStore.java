package ist.aegis.safe.persistence;

import ist.aegis.safe.crypto.EntryAddress;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * Keeps records in process memory, so nothing survives a restart: for tests and throwaway
 * clusters. Thread-safe.
 */
public final class MemoryBackingStore implements BackingStore {

    private final ConcurrentMap<EntryAddress, byte[]> records;
    private final AtomicReference<byte[]> keyCheck;

    public MemoryBackingStore() {
        this(new ConcurrentHashMap<>(), new AtomicReference<>());
    }

    private MemoryBackingStore(ConcurrentMap<EntryAddress, byte[]> records, AtomicReference<byte[]> keyCheck) {
        this.records = records;
        this.keyCheck = keyCheck;
    }

    /** Returns a second store over the same records, as a restarted process over the same memory would see them. */
    MemoryBackingStore reopen() {
        return new MemoryBackingStore(records, keyCheck);
    }

    @Override
    public String kind() {
        return "memory";
    }

    @Override
    public String location() {
        return "process memory";
    }

    @Override
    public void write(EntryAddress address, byte[] record) {
        records.put(address, record.clone());
    }

    @Override
    public Optional<byte[]> read(EntryAddress address) {
        return Optional.ofNullable(records.get(address)).map(byte[]::clone);
    }

    @Override
    public boolean delete(EntryAddress address) {
        return records.remove(address) != null;
    }

    @Override
    public List<EntryAddress> list() {
        return List.copyOf(records.keySet());
    }

    @Override
    public void readAll(BiConsumer<EntryAddress, byte[]> consumer) {
        records.forEach((address, record) -> consumer.accept(address, record.clone()));
    }

    @Override
    public Optional<byte[]> readKeyCheck() {
        return Optional.ofNullable(keyCheck.get()).map(byte[]::clone);
    }

    @Override
    public void writeKeyCheck(byte[] record) {
        keyCheck.set(record.clone());
    }
}
