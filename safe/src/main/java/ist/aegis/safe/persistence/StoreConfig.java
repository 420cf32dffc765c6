package ist.aegis.safe.persistence;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The backing store of Safe's encrypted entries, under the prefix {@code safe.store.}; environment
 * variables follow the MicroProfile mapping ({@code SAFE_STORE_KIND}).
 */
@ConfigMapping(prefix = "safe.store")
public interface StoreConfig {

    /** The kinds of backing store. */
    enum Kind {
        /** Nothing is kept: every entry is lost when Safe stops. */
        MEMORY,
        /** One file per entry under {@code safe.store.directory}. */
        FILE,
        /** One Kubernetes Secret per entry in Safe's namespace. */
        KUBERNETES
    }

    /**
     * The backing store: {@code memory}, {@code file} or {@code kubernetes}. Default {@code memory},
     * which keeps nothing across restarts; the Helm chart sets {@code kubernetes}.
     */
    @WithDefault("memory")
    Kind kind();

    /**
     * The directory of the {@code file} store, such as a PersistentVolume mount; created with mode
     * 0700 when absent. Default {@code /var/lib/aegis/safe}.
     */
    @WithDefault("/var/lib/aegis/safe")
    Path directory();

    /**
     * The namespace of the {@code kubernetes} store's Secrets and of the root key Secret. Default:
     * the Kubernetes client's namespace, which in a pod is the pod's own namespace.
     */
    Optional<String> namespace();
}
