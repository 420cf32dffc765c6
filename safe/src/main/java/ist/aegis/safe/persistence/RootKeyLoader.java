package ist.aegis.safe.persistence;

import ist.aegis.safe.crypto.EntryAddress;
import ist.aegis.safe.crypto.EntryCipher;
import ist.aegis.safe.crypto.EntryRecord;
import ist.aegis.safe.crypto.RootKey;
import ist.aegis.safe.crypto.RootKeySlot;
import ist.aegis.safe.crypto.SealedRecordException;
import ist.aegis.safe.store.SecretAddress;
import ist.aegis.safe.store.SecretEntry;
import ist.aegis.safe.store.SecretStore;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

/**
 * Loads a root key: checks it against the stored data, restores every entry it can open into the
 * secret store, and only then puts the key in the slot, which lets the data routes serve. Both
 * {@code auto} mode (at start) and {@code manual} mode (when an administrator sends the key) go
 * through here.
 *
 * <p>A record that fails to open is logged by its address and skipped, never served. A key that
 * does not match the data is rejected and leaves everything unchanged. Thread-safe: loads are
 * serialised.
 */
public final class RootKeyLoader {

    private static final Logger LOG = Logger.getLogger(RootKeyLoader.class);

    private final BackingStore store;
    private final EntryCipher cipher;
    private final RootKeySlot slot;
    private final SecretStore secrets;

    public RootKeyLoader(BackingStore store, EntryCipher cipher, RootKeySlot slot, SecretStore secrets) {
        this.store = store;
        this.cipher = cipher;
        this.slot = slot;
        this.secrets = secrets;
    }

    /**
     * Loads {@code key}. On success the slot owns the key; on failure the caller still does.
     *
     * @throws RootKeyAlreadyLoadedException when a key is already loaded
     * @throws RootKeyMismatchException when {@code key} does not match the stored data
     * @throws BackingStoreException when the backing store cannot be read
     */
    public synchronized RestoreReport load(RootKey key) throws RootKeyAlreadyLoadedException, RootKeyMismatchException {
        if (slot.isLoaded()) {
            throw new RootKeyAlreadyLoadedException(slot.current().idHex());
        }

        // Step 1: a key check that this key did not seal means the key is wrong, whatever the records contain.
        boolean keyCheckValid = verifyKeyCheck(key);

        // Step 2: open every record; a record that fails is logged by its address and skipped.
        List<SecretEntry> restored = new ArrayList<>();
        Map<EntryAddress, String> skipped = new LinkedHashMap<>();
        store.readAll((address, record) -> {
            String problem = restore(key, address, record, restored);
            if (problem != null) {
                skipped.put(address, problem);
            }
        });

        // Step 3: without a valid key check, the key must open at least one record when there are any.
        if (!keyCheckValid) {
            if (restored.isEmpty() && !skipped.isEmpty()) {
                throw new RootKeyMismatchException("root key " + key.idHex() + " does not match the data in the "
                        + store.kind() + " store (" + store.location() + "): it opens none of its " + skipped.size()
                        + " records, and the store has no valid key check");
            }
            store.writeKeyCheck(cipher.sealKeyCheck(key));
        }

        // Step 4: publish the entries, then the key, which opens the data routes.
        secrets.restore(restored);
        slot.loadIfEmpty(key);
        for (Map.Entry<EntryAddress, String> skip : skipped.entrySet()) {
            LOG.errorf("Skipped the record for %s, which is not served: %s", skip.getKey(), skip.getValue());
        }
        LOG.infof("Loaded root key %s and restored %d entries from the %s store (%s); %d records skipped",
                key.idHex(), restored.size(), store.kind(), store.location(), skipped.size());
        return new RestoreReport(key.idHex(), restored.size(), skipped);
    }

    /**
     * Loads the {@code auto} mode key from {@code holder}. A new key is generated and stored only
     * when the holder has none and the backing store contains no data, so no key is ever generated
     * over data that another key sealed.
     *
     * @throws IllegalStateException when data exists without its key, or the key does not match the
     *         data; the message names the fix, and this method has logged it
     */
    public RestoreReport loadOrCreate(RootKeyHolder holder, SecureRandom random) {
        // Step 1: read the key; generate one only when the store contains no data that another key sealed.
        Optional<RootKey> stored = holder.read();
        RootKey key;
        if (stored.isPresent()) {
            key = stored.get();
        } else if (store.hasData()) {
            throw refuse("the " + store.kind() + " store (" + store.location() + ") contains data, but the root key "
                    + holder.location() + " is missing, so Safe cannot open the data and will not generate a new key"
                    + " over it. Restore the root key from your backup to " + holder.location() + " and restart Safe."
                    + " To start empty instead, losing every stored secret, move the data out of the store first");
        } else {
            key = holder.createIfAbsent(RootKey.generate(random));
            LOG.infof("Generated root key %s and stored it in %s: back it up, because without it the stored"
                    + " secrets cannot be read", key.idHex(), holder.location());
        }

        // Step 2: open the data with it; a mismatch stops the start.
        try {
            return load(key);
        } catch (RootKeyMismatchException e) {
            key.destroy();
            throw refuse(e.getMessage() + ". Put the root key that sealed this data in " + holder.location()
                    + " and restart Safe. Safe never replaces a root key over existing data");
        } catch (RootKeyAlreadyLoadedException e) {
            key.destroy();
            throw new IllegalStateException("failed to load the root key from " + holder.location() + ": "
                    + e.getMessage(), e);
        }
    }

    private static IllegalStateException refuse(String message) {
        LOG.error("Safe cannot start: " + message);
        return new IllegalStateException("Safe cannot start: " + message);
    }

    /**
     * Returns whether the store's key check was sealed with {@code key}; false when there is no key
     * check or it is damaged.
     *
     * @throws RootKeyMismatchException when the key check was sealed with another key
     */
    private boolean verifyKeyCheck(RootKey key) throws RootKeyMismatchException {
        Optional<byte[]> keyCheck = store.readKeyCheck();
        if (keyCheck.isEmpty()) {
            return false;
        }
        try {
            cipher.verifyKeyCheck(key, keyCheck.get());
            return true;
        } catch (SealedRecordException e) {
            switch (e.reason()) {
                case WRONG_KEY, AUTHENTICATION_FAILED -> throw new RootKeyMismatchException("root key " + key.idHex()
                        + " does not match the data in the " + store.kind() + " store (" + store.location() + "): "
                        + e.getMessage());
                default -> {
                    LOG.warnf("Ignoring the key check in the %s store (%s), which is damaged: %s. The records decide"
                            + " whether root key %s matches, and a new key check is written", store.kind(),
                            store.location(), e.getMessage(), key.idHex());
                    return false;
                }
            }
        }
    }

    /** Opens one record into {@code restored}; returns why it was skipped, or null. */
    private String restore(RootKey key, EntryAddress address, byte[] record, List<SecretEntry> restored) {
        EntryRecord entry;
        try {
            entry = cipher.open(key, address, record);
        } catch (SealedRecordException e) {
            return e.getMessage();
        }
        try {
            restored.add(new SecretEntry(new SecretAddress(address.namespace(), address.workload()), entry.values(),
                    entry.created(), entry.updated(), entry.version()));
            return null;
        } catch (IllegalArgumentException e) {
            return "record for " + address + " is invalid: " + e.getMessage();
        } finally {
            entry.wipe();
        }
    }
}
