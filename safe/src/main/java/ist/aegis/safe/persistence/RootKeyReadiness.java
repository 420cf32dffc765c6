package ist.aegis.safe.persistence;

import ist.aegis.safe.crypto.RootKeySlot;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports ready once Safe can do its job: in {@code auto} mode when the root key is loaded and the
 * entries restored, in {@code manual} mode at once, because the administrator needs a ready Safe
 * behind its Service to send the key to.
 */
@Readiness
@Singleton
public class RootKeyReadiness implements HealthCheck {

    private final RootKeySlot slot;
    private final RootKeyConfig config;

    RootKeyReadiness(RootKeySlot slot, RootKeyConfig config) {
        this.slot = slot;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        boolean loaded = slot.isLoaded();
        return HealthCheckResponse.named("root-key")
                .status(loaded || config.mode() == RootKeyConfig.Mode.MANUAL)
                .withData("loaded", loaded)
                .withData("mode", config.mode().name().toLowerCase(java.util.Locale.ROOT))
                .build();
    }
}
