package ist.aegis.notary.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The signing keys in use: the current key, which signs every new token, and the key it replaced,
 * which stays published until every token it signed has expired. Immutable.
 *
 * @param previous the key before {@code current}, {@code null} until the first rotation
 * @param previousRetired when {@code previous} stopped signing, {@code null} without one
 */
public record KeyRing(SigningKey current, SigningKey previous, Instant previousRetired) {

    public KeyRing {
        Objects.requireNonNull(current, "current");
        if ((previous == null) != (previousRetired == null)) {
            throw new IllegalArgumentException("a previous key needs its retirement time, and only then");
        }
    }

    /** Creates a ring with one key and no previous key. */
    public static KeyRing of(SigningKey key) {
        return new KeyRing(key, null, null);
    }

    /** Returns whether the current key has signed for {@code period} or longer at {@code now}. */
    public boolean rotationDue(Instant now, Duration period) {
        return !now.isBefore(current.created().plus(period));
    }

    /** Returns the ring with {@code next} as current key and the current key retired at {@code now}. */
    public KeyRing rotate(SigningKey next, Instant now) {
        return new KeyRing(next, current, now);
    }

    /**
     * Returns the keys a verifier may still need at {@code now}: the current key, and the previous one
     * until {@code retention} after its retirement.
     */
    public List<SigningKey> published(Instant now, Duration retention) {
        List<SigningKey> keys = new ArrayList<>(2);
        keys.add(current);
        if (previous != null && now.isBefore(previousRetired.plus(retention))) {
            keys.add(previous);
        }
        return keys;
    }
}
