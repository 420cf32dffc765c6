package ist.aegis.safe.persistence;

import ist.aegis.safe.crypto.RootKey;

import java.util.Optional;

/**
 * Durable storage for the root key in {@code auto} mode: a Kubernetes Secret in a cluster, a file
 * in development.
 *
 * <p>Trust: a root key holder is trusted with the key itself, so it must be kept apart from the
 * backing store. Anyone who can read both can read every secret.
 *
 * <p>Thread safety: implementations are safe for concurrent use, and {@link #createIfAbsent} is
 * atomic, so two processes that start at once end up with the same key.
 */
public interface RootKeyHolder {

    /** The place of the key, for log lines and instructions: a Secret's or a file's name. */
    String location();

    /**
     * Reads the stored key.
     *
     * @return empty when no key has been stored yet
     * @throws IllegalStateException when a key is stored but unreadable or malformed
     */
    Optional<RootKey> read();

    /**
     * Stores {@code candidate} unless a key is already stored.
     *
     * @return the stored key: {@code candidate}, or the key that was already there
     */
    RootKey createIfAbsent(RootKey candidate);
}
