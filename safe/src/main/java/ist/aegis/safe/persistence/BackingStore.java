package ist.aegis.safe.persistence;

import ist.aegis.safe.crypto.EntryAddress;

import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Durable storage for sealed entry records, one record per entry address, plus one key check
 * record.
 *
 * <p>Trust: a backing store is untrusted. It only ever receives ciphertext sealed by
 * {@link ist.aegis.safe.crypto.EntryCipher}, and whatever it returns is authenticated before use,
 * so a store that loses, damages or swaps records causes a detected failure, never a wrong value.
 * It cannot detect a record rolled back to an older sealed version of the same entry.
 *
 * <p>Root key: a backing store never receives the root key, so it works the same before and after one
 * is loaded.
 *
 * <p>Thread safety: implementations are safe for concurrent use. Writes to different addresses
 * proceed in parallel. Concurrent writes to one address leave one of them whole, never a mix, and
 * callers that need the last acknowledged write to win serialise writes per address.
 *
 * <p>Durability: when {@link #write} or {@link #delete} returns, the change survives a crash of
 * the Safe process (and, for the file store, of the machine).
 */
public interface BackingStore {

    /** The store kind as configured: {@code memory}, {@code file} or {@code kubernetes}. */
    String kind();

    /** The place of the records, for log lines: a directory, a namespace, or "process memory". */
    String location();

    /**
     * Writes or replaces the record for {@code address}.
     *
     * @throws BackingStoreException when the record could not be made durable
     */
    void write(EntryAddress address, byte[] record);

    /** Returns the record for {@code address}, or empty when there is none. */
    Optional<byte[]> read(EntryAddress address);

    /**
     * Deletes the record for {@code address}.
     *
     * @return whether a record existed
     */
    boolean delete(EntryAddress address);

    /** Lists the addresses that have a record, in no particular order. */
    List<EntryAddress> list();

    /**
     * Passes every record to {@code consumer}, one at a time, in no particular order. Stored
     * objects whose name is not a valid entry address are logged by name and skipped.
     */
    void readAll(BiConsumer<EntryAddress, byte[]> consumer);

    /** Returns the key check record, or empty when none has been written. */
    Optional<byte[]> readKeyCheck();

    /** Writes or replaces the key check record. */
    void writeKeyCheck(byte[] record);

    /** Returns whether the store contains any record or a key check, that is, data some root key sealed. */
    default boolean hasData() {
        return readKeyCheck().isPresent() || !list().isEmpty();
    }
}
