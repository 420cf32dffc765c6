package ist.aegis.safe.persistence;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The source of Safe's root key, under the prefix {@code safe.root-key.}; environment variables
 * follow the MicroProfile mapping ({@code SAFE_ROOT_KEY_MODE}).
 */
@ConfigMapping(prefix = "safe.root-key")
public interface RootKeyConfig {

    /** The ways Safe obtains its root key. */
    enum Mode {
        /**
         * Safe reads the key from its holder at start, and generates and stores one when neither a key
         * nor any data exists.
         */
        AUTO,
        /** Safe keeps the key in memory only; an administrator sends it through Sentinel after each start. */
        MANUAL
    }

    /** {@code auto} or {@code manual}. Default {@code auto}. The {@code memory} store always uses a fresh key. */
    @WithDefault("auto")
    Mode mode();

    /**
     * In {@code auto} mode, keep the key in this file (mode 0600) instead of a Kubernetes Secret: for
     * development only, where no Kubernetes API exists. Default: unset, so the key lives in the
     * Secret {@code safe.root-key.secret-name}.
     */
    Optional<Path> file();

    /** In {@code auto} mode, the name of the Secret in Safe's namespace that contains the key. Default {@code aegis-safe-root-key}. */
    @WithDefault("aegis-safe-root-key")
    String secretName();
}
