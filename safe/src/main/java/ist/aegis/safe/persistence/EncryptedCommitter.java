package ist.aegis.safe.persistence;

import ist.aegis.safe.crypto.EntryAddress;
import ist.aegis.safe.crypto.EntryCipher;
import ist.aegis.safe.crypto.EntryRecord;
import ist.aegis.safe.crypto.RootKey;
import ist.aegis.safe.crypto.RootKeySlot;
import ist.aegis.safe.store.EntryCommitter;
import ist.aegis.safe.store.SecretAddress;
import ist.aegis.safe.store.SecretEntry;

import org.jboss.logging.Logger;

/**
 * Makes each change to the secret store durable before it is acknowledged: it seals the new entry
 * under the root key and writes it to the backing store, or deletes the entry's record.
 *
 * <p>The secret store calls it under the entry's lock, so the last write to an address is the last
 * acknowledged change. Without a loaded root key it throws {@link
 * ist.aegis.safe.crypto.RootKeyNotLoadedException} and the change is not applied. Thread-safe.
 */
public final class EncryptedCommitter implements EntryCommitter {

    private static final Logger LOG = Logger.getLogger(EncryptedCommitter.class);

    private final BackingStore store;
    private final EntryCipher cipher;
    private final RootKeySlot slot;

    public EncryptedCommitter(BackingStore store, EntryCipher cipher, RootKeySlot slot) {
        this.store = store;
        this.cipher = cipher;
        this.slot = slot;
    }

    @Override
    public void commit(SecretAddress address, SecretEntry previous, SecretEntry next) {
        RootKey key = slot.current();
        EntryAddress entryAddress = new EntryAddress(address.namespace(), address.workload());
        if (next == null) {
            store.delete(entryAddress);
            LOG.debugf("Deleted the record for %s from the %s store", entryAddress, store.kind());
            return;
        }
        EntryRecord entry = new EntryRecord(entryAddress, next.values(), next.created(), next.updated(), next.version());
        try {
            store.write(entryAddress, cipher.seal(key, entry));
        } finally {
            entry.wipe();
        }
        LOG.debugf("Wrote the record for %s, version %d, key id %s, to the %s store", entryAddress, next.version(),
                key.idHex(), store.kind());
    }
}
