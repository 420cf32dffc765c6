package ist.aegis.safe.persistence;

import ist.aegis.safe.crypto.EntryCipher;
import ist.aegis.safe.crypto.RootKeySlot;
import ist.aegis.safe.store.SecretStore;

import io.fabric8.kubernetes.client.KubernetesClient;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.security.SecureRandom;

/**
 * Creates the persistence beans from {@link StoreConfig} and {@link RootKeyConfig}. The Kubernetes
 * client is looked up only for the {@code kubernetes} store or the root key Secret, so the
 * {@code file} store with a key file runs without any Kubernetes API.
 */
public class PersistenceBeans {

    @Produces
    @Singleton
    RootKeySlot rootKeySlot() {
        return new RootKeySlot();
    }

    @Produces
    @Singleton
    EntryCipher entryCipher() {
        return new EntryCipher(new SecureRandom());
    }

    @Produces
    @Singleton
    BackingStore backingStore(StoreConfig config, Instance<KubernetesClient> client) {
        return switch (config.kind()) {
            case MEMORY -> new MemoryBackingStore();
            case FILE -> new FileBackingStore(config.directory());
            case KUBERNETES -> new KubernetesBackingStore(client.get(), namespace(config, client));
        };
    }

    @Produces
    @Singleton
    RootKeyLoader rootKeyLoader(BackingStore store, EntryCipher cipher, RootKeySlot slot, SecretStore secrets) {
        return new RootKeyLoader(store, cipher, slot, secrets);
    }

    /** Returns the holder of the {@code auto} mode key: the configured file, or else the root key Secret. */
    static RootKeyHolder rootKeyHolder(RootKeyConfig rootKey, StoreConfig store, Instance<KubernetesClient> client) {
        if (rootKey.file().isPresent()) {
            return new FileRootKeyHolder(rootKey.file().get());
        }
        return new KubernetesRootKeyHolder(client.get(), namespace(store, client), rootKey.secretName());
    }

    private static String namespace(StoreConfig config, Instance<KubernetesClient> client) {
        if (config.namespace().isPresent()) {
            return config.namespace().get();
        }
        String namespace = client.get().getNamespace();
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalStateException("Safe's namespace is unknown: set safe.store.namespace"
                    + " (SAFE_STORE_NAMESPACE), or run Safe in a pod, whose namespace the Kubernetes client reads");
        }
        return namespace;
    }
}
