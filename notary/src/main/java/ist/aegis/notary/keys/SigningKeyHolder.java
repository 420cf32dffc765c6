package ist.aegis.notary.keys;

import java.util.List;

/**
 * Holds Notary's signing keys and keeps them in a store that outlives the process, so that tokens
 * stay valid across restarts. Implementations are thread-safe. The store is trusted to keep the
 * private keys secret: a Kubernetes Secret, or an owner-only file in dev mode. Private key bytes are
 * never logged.
 */
public interface SigningKeyHolder {

    /**
     * Reads the keys from the store, creating and storing a first key when the store has none, and
     * rotates the current key when it is due. Several replicas may call this at once: every one ends
     * up with the same keys. Called at start-up and then periodically.
     *
     * @return the keys now in effect
     * @throws SigningKeyStoreException when the store cannot be read or written, or contains unreadable
     *         keys. The keys loaded before stay in effect.
     */
    KeyRing refresh();

    /**
     * Returns the keys in effect.
     *
     * @throws SigningKeyUnavailableException before the first successful {@link #refresh()}
     */
    KeyRing keyRing();

    /** Returns the keys a verifier may still need now, for the JWKS: the current key first. */
    List<SigningKey> publishedKeys();

    /** The store for logs and errors, such as {@code Kubernetes Secret aegis-system/aegis-notary-signing-key}. */
    String describe();
}
