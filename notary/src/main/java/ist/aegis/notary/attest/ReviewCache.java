package ist.aegis.notary.attest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded cache of successful TokenReviews, keyed by the SHA-256 digest of the token. An entry is
 * reused until the earlier of the token's expiry and {@code maxAge} after the review; the least
 * recently used entry goes first when the cache is full. Thread-safe.
 */
final class ReviewCache {

    private final int maxEntries;
    private final Duration maxAge;
    private final Clock clock;
    private final Map<String, Entry> entries;

    ReviewCache(int maxEntries, Duration maxAge, Clock clock) {
        this.maxEntries = maxEntries;
        this.maxAge = maxAge;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > ReviewCache.this.maxEntries;
            }
        };
    }

    /** Returns the cached review for a token digest, or {@code null} when none is valid now. */
    synchronized ReviewedToken get(String digest) {
        Entry entry = entries.get(digest);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.validUntil())) {
            entries.remove(digest);
            return null;
        }
        return entry.review();
    }

    /** Caches a successful review; one whose token expiry is unknown is not cached. */
    synchronized void put(String digest, ReviewedToken review) {
        if (maxEntries <= 0 || maxAge.isZero() || maxAge.isNegative() || review.tokenExpiresAt() == null) {
            return;
        }
        Instant limit = clock.instant().plus(maxAge);
        Instant validUntil = review.tokenExpiresAt().isBefore(limit) ? review.tokenExpiresAt() : limit;
        entries.put(digest, new Entry(review, validUntil));
    }

    synchronized int size() {
        return entries.size();
    }

    private record Entry(ReviewedToken review, Instant validUntil) {
    }
}
