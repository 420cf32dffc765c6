package ist.aegis.safe.store;

/**
 * Makes a change durable before {@link SecretStore} applies it in memory, such as an encrypted
 * write-through to a backing store. The store calls it while it holds the lock of the entry's
 * address, so calls for one address never overlap, while calls for different addresses may run at
 * the same time. An implementation must therefore be thread-safe.
 *
 * <p>The store trusts a normal return to mean the change is durable. When the method throws, the
 * store keeps the previous entry and does not acknowledge the change. It passes the exception to the
 * caller unchanged, so an implementation can throw a typed exception (for example, no root key loaded
 * yet) that the API maps to a status.
 */
@FunctionalInterface
public interface EntryCommitter {

    /** A committer that keeps nothing, for a store that lives in memory only. */
    EntryCommitter NONE = (address, previous, next) -> {
    };

    /**
     * Makes one change durable.
     *
     * @param address the entry's address
     * @param previous the entry before the change, or {@code null} when the change creates it
     * @param next the entry after the change, or {@code null} when the change deletes it
     */
    void commit(SecretAddress address, SecretEntry previous, SecretEntry next);
}
