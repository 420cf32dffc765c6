package ist.aegis.notary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import org.junit.jupiter.api.Test;

import java.util.Map;

/** The start-up limits on Notary's configuration, checked on real SmallRye config mappings. */
class NotaryConfigCheckTest {

    @Test
    void defaultsPass() {
        NotaryConfig config = config(Map.of());

        NotaryStartup.check(config);

        assertEquals("PT5M", config.svidLifetime().toString());
        assertEquals("PT24H", config.keyRotationPeriod().toString());
        assertEquals(NotaryConfig.Store.KUBERNETES, config.signingKey().store());
        assertEquals("aegis-notary", config.tokenAudience());
    }

    @Test
    void lifetimeAboveOneHourRejected() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NotaryStartup.check(config(Map.of("notary.svid-lifetime", "PT61M"))));

        assertEquals("'notary.svid-lifetime' PT1H1M is invalid: it must be positive and at most PT1H", e.getMessage());
    }

    @Test
    void rotationShorterThanLifetimeRejected() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> NotaryStartup.check(
                config(Map.of("notary.svid-lifetime", "PT1H", "notary.key-rotation-period", "PT1H"))));

        assertEquals("'notary.key-rotation-period' PT1H is invalid: it must be at least notary.svid-lifetime plus one"
                + " minute (PT1H1M)", e.getMessage());
    }

    private static NotaryConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(NotaryConfig.class)
                .withDefaultValues(properties)
                .build();
        return config.getConfigMapping(NotaryConfig.class);
    }
}
