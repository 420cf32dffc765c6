package ist.aegis.safe.persistence;

import ist.aegis.safe.crypto.EntryCipher;
import ist.aegis.safe.crypto.RootKey;
import ist.aegis.safe.crypto.RootKeySlot;
import ist.aegis.safe.store.SecretStore;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import java.security.SecureRandom;

import org.jboss.logging.Logger;

/**
 * Connects the secret store to the backing store at start: every later change is written through
 * {@link EncryptedCommitter}, and in {@code auto} mode the root key is read (or, when no data
 * exists, generated) and every entry restored before Safe reports ready. When the data cannot be
 * opened, start-up fails with instructions in the log instead of serving an incomplete store.
 */
@Singleton
public class PersistenceStartup {

    private static final Logger LOG = Logger.getLogger(PersistenceStartup.class);

    private final StoreConfig storeConfig;
    private final RootKeyConfig rootKeyConfig;
    private final BackingStore store;
    private final EntryCipher cipher;
    private final RootKeySlot slot;
    private final SecretStore secrets;
    private final RootKeyLoader loader;
    private final Instance<KubernetesClient> client;

    PersistenceStartup(StoreConfig storeConfig, RootKeyConfig rootKeyConfig, BackingStore store, EntryCipher cipher,
            RootKeySlot slot, SecretStore secrets, RootKeyLoader loader, Instance<KubernetesClient> client) {
        this.storeConfig = storeConfig;
        this.rootKeyConfig = rootKeyConfig;
        this.store = store;
        this.cipher = cipher;
        this.slot = slot;
        this.secrets = secrets;
        this.loader = loader;
        this.client = client;
    }

    // Runs before other start-up observers, so no change can bypass the committer.
    void onStart(@Observes @Priority(10) StartupEvent event) {
        secrets.setCommitter(new EncryptedCommitter(store, cipher, slot));
        if (store instanceof MemoryBackingStore) {
            startWithFreshKey();
        } else if (rootKeyConfig.mode() == RootKeyConfig.Mode.MANUAL) {
            LOG.infof("Persistence: %s store (%s), root key mode manual. The data routes return 503 until an"
                    + " administrator loads the root key with 'aegis --root-key -' in the Sentinel pod",
                    store.kind(), store.location());
            rootKeyConfig.file().ifPresent(file -> LOG.warnf("Ignoring safe.root-key.file %s: in manual mode the"
                    + " root key is kept in memory only", file));
        } else {
            startAuto(PersistenceBeans.rootKeyHolder(rootKeyConfig, storeConfig, client));
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        slot.clear();
        LOG.info("Persistence stopped: the root key was removed from memory");
    }

    private void startWithFreshKey() {
        if (rootKeyConfig.mode() == RootKeyConfig.Mode.MANUAL) {
            LOG.warn("Ignoring safe.root-key.mode manual: the memory store keeps nothing that a root key could open");
        }
        LOG.warn("Persistence: memory store, so nothing survives a restart; the root key is generated for this"
                + " process only. Set safe.store.kind to file or kubernetes to keep secrets");
        try {
            loader.load(RootKey.generate(new SecureRandom()));
        } catch (RootKeyAlreadyLoadedException | RootKeyMismatchException e) {
            throw new IllegalStateException("failed to load a fresh root key over an empty memory store: "
                    + e.getMessage(), e);
        }
    }

    private void startAuto(RootKeyHolder holder) {
        LOG.infof("Persistence: %s store (%s), root key mode auto, root key in %s", store.kind(), store.location(),
                holder.location());
        loader.loadOrCreate(holder, new SecureRandom());
    }
}
