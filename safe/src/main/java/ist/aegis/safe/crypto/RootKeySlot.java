package ist.aegis.safe.crypto;

/**
 * The root key Safe currently uses, or none yet. Safe starts with an empty slot; start-up (auto
 * mode) or an administrator (manual mode) fills it once every stored entry has been restored.
 *
 * <p>Thread-safe: readers see either no key or a fully built one.
 */
public final class RootKeySlot {

    private volatile RootKey key;

    /**
     * Returns the loaded key.
     *
     * @throws RootKeyNotLoadedException when no key has been loaded yet
     */
    public RootKey current() {
        RootKey loaded = key;
        if (loaded == null) {
            throw new RootKeyNotLoadedException();
        }
        return loaded;
    }

    public boolean isLoaded() {
        return key != null;
    }

    /**
     * Loads {@code rootKey} when the slot is empty.
     *
     * @return false, leaving the slot unchanged, when a key is already loaded
     */
    public synchronized boolean loadIfEmpty(RootKey rootKey) {
        if (key != null) {
            return false;
        }
        key = rootKey;
        return true;
    }

    /** Empties the slot and overwrites the key that was in it, for shutdown and tests. */
    public synchronized void clear() {
        RootKey previous = key;
        key = null;
        if (previous != null) {
            previous.destroy();
        }
    }
}
