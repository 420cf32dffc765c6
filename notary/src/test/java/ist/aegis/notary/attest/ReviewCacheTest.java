package ist.aegis.notary.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import ist.aegis.common.testing.SettableClock;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

class ReviewCacheTest {

    private static final Instant NOW = Instant.parse("2026-12-04T20:30:00Z");

    @Test
    void entryEndsAtMaxAge() {
        SettableClock clock = new SettableClock(NOW);
        ReviewCache cache = new ReviewCache(10, Duration.ofMinutes(1), clock);
        cache.put("a", review(NOW.plus(Duration.ofHours(1))));

        clock.advance(Duration.ofSeconds(59));
        assertNotNull(cache.get("a"));
        clock.advance(Duration.ofSeconds(1));
        assertNull(cache.get("a"));
    }

    @Test
    void entryEndsAtTokenExpiry() {
        SettableClock clock = new SettableClock(NOW);
        ReviewCache cache = new ReviewCache(10, Duration.ofMinutes(10), clock);
        cache.put("a", review(NOW.plus(Duration.ofSeconds(30))));

        clock.advance(Duration.ofSeconds(30));
        assertNull(cache.get("a"));
    }

    @Test
    void unknownExpiryNotCached() {
        ReviewCache cache = new ReviewCache(10, Duration.ofMinutes(1), new SettableClock(NOW));

        cache.put("a", review(null));

        assertEquals(0, cache.size());
    }

    @Test
    void leastRecentlyUsedEvictedWhenFull() {
        ReviewCache cache = new ReviewCache(2, Duration.ofMinutes(1), new SettableClock(NOW));
        cache.put("a", review(NOW.plus(Duration.ofHours(1))));
        cache.put("b", review(NOW.plus(Duration.ofHours(1))));
        cache.get("a");

        cache.put("c", review(NOW.plus(Duration.ofHours(1))));

        assertEquals(2, cache.size());
        assertNotNull(cache.get("a"));
        assertNull(cache.get("b"));
        assertNotNull(cache.get("c"));
    }

    @Test
    void zeroMaxAgeDisablesCache() {
        ReviewCache cache = new ReviewCache(10, Duration.ZERO, new SettableClock(NOW));

        cache.put("a", review(NOW.plus(Duration.ofHours(1))));

        assertNull(cache.get("a"));
    }

    private static ReviewedToken review(Instant expiresAt) {
        return new ReviewedToken("team-a", "billing", "billing-0", "uid-1", expiresAt);
    }
}
