package ist.aegis.notary.keys;

import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The key lifecycle shared by every store: create-if-absent on first start, rotation by a
 * version-conditional replace, and adoption of whatever another replica stored first. Subclasses
 * supply the three store operations. Thread-safe: {@link #refresh()} is serialized within the
 * process, and the store's conditional writes settle races between processes.
 */
public abstract class RotatingKeyHolder implements SigningKeyHolder {

    private static final Logger LOG = Logger.getLogger(RotatingKeyHolder.class);

    // Each failed attempt means another replica changed the store in between; three in a row within
    // one refresh means something keeps rewriting it.
    private static final int MAX_ATTEMPTS = 3;

    private final Clock clock;
    private final Duration rotationPeriod;
    private final Duration retention;
    private volatile KeyRing ring;

    /**
     * @param rotationPeriod how long a key signs before it is replaced
     * @param retention how long a replaced key stays published: the maximum token lifetime plus the
     *        verifiers' clock-skew leeway
     */
    protected RotatingKeyHolder(Clock clock, Duration rotationPeriod, Duration retention) {
        this.clock = clock;
        this.rotationPeriod = rotationPeriod;
        this.retention = retention;
    }

    /** Stored keys with the store's version of them. */
    public record Stored(byte[] content, String version) {
    }

    /** Returns the stored keys, or {@code null} when the store has none. */
    protected abstract Stored read();

    /** Stores the first keys unless keys exist already; returns false when they do. */
    protected abstract boolean createIfAbsent(byte[] content);

    /** Replaces the stored keys if they are still at {@code version}; returns false when they changed. */
    protected abstract boolean replaceIfUnchanged(byte[] content, String version);

    @Override
    public synchronized KeyRing refresh() {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            Stored stored = read();

            // First start of the first replica: store a new key unless another replica got there first.
            if (stored == null) {
                KeyRing created = KeyRing.of(SigningKey.generate(now));
                if (write(created, null)) {
                    LOG.infof("Created signing key %s in %s", created.current().keyId(), describe());
                    ring = created;
                    return created;
                }
                continue;
            }

            KeyRing current = decode(stored);
            if (!current.rotationDue(now, rotationPeriod)) {
                return adopt(current);
            }

            // Rotation: only one replica's replace succeeds; the others read its result next time round.
            KeyRing rotated = current.rotate(SigningKey.generate(now), now);
            if (write(rotated, stored.version())) {
                LOG.infof("Rotated signing key in %s: new key %s, previous key %s stays in the JWKS until %s",
                        describe(), rotated.current().keyId(), current.current().keyId(), now.plus(retention));
                ring = rotated;
                return rotated;
            }
        }
        throw new SigningKeyStoreException("failed to update the signing keys in " + describe()
                + ": the store changed during each of " + MAX_ATTEMPTS + " attempts", null);
    }

    @Override
    public KeyRing keyRing() {
        KeyRing loaded = ring;
        if (loaded == null) {
            throw new SigningKeyUnavailableException("no signing key is loaded yet from " + describe());
        }
        return loaded;
    }

    @Override
    public List<SigningKey> publishedKeys() {
        return keyRing().published(clock.instant(), retention);
    }

    /** Takes over keys read from the store, which another replica or an earlier run wrote. */
    private KeyRing adopt(KeyRing next) {
        KeyRing before = ring;
        if (before != null && !before.current().keyId().equals(next.current().keyId())) {
            LOG.infof("Switched to signing key %s stored in %s by another replica", next.current().keyId(), describe());
        }
        ring = next;
        return next;
    }

    private boolean write(KeyRing next, String version) {
        byte[] content = KeyRingCodec.encode(next);
        try {
            return version == null ? createIfAbsent(content) : replaceIfUnchanged(content, version);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private KeyRing decode(Stored stored) {
        try {
            return KeyRingCodec.decode(stored.content());
        } catch (InvalidKeyRingException e) {
            throw new SigningKeyStoreException("failed to read the signing keys in " + describe() + ": "
                    + e.getMessage(), null);
        } finally {
            Arrays.fill(stored.content(), (byte) 0);
        }
    }
}
