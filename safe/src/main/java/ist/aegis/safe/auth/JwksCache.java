package ist.aegis.safe.auth;

import org.jboss.logging.Logger;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.Use;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Notary's token signing keys by key ID, fetched from a {@link JwksSource} on first use and kept.
 * It fetches again when the keys are older than the refresh period, and when a token names an
 * unknown key ID, but never twice within the minimum refresh interval, so tokens with made-up key IDs
 * cannot flood Notary. Only keys usable for ES256 are kept: EC on P-256, with {@code use} absent or
 * {@code sig} and {@code alg} absent or {@code ES256}.
 *
 * <p>Thread-safe: lookups are serialized, so one fetch serves every request waiting for it. The
 * cache trusts the source to have authenticated Notary (TLS with the Aegis CA as the only anchor).
 */
public final class JwksCache {

    private static final Logger LOG = Logger.getLogger(JwksCache.class);

    private final JwksSource source;
    private final Clock clock;
    private final Duration minRefreshInterval;
    private final Duration refreshPeriod;

    private Map<String, PublicKey> keys;
    private Instant fetchedAt;
    private Instant lastAttempt;

    public JwksCache(JwksSource source, Clock clock, Duration minRefreshInterval, Duration refreshPeriod) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.minRefreshInterval = Objects.requireNonNull(minRefreshInterval, "minRefreshInterval");
        this.refreshPeriod = Objects.requireNonNull(refreshPeriod, "refreshPeriod");
    }

    /**
     * Returns the key with ID {@code keyId}, fetching the set when it is due or the ID is unknown.
     *
     * @return the key, or empty when the set has no usable key with that ID
     * @throws JwksUnavailableException when the first fetch fails, or the fetch for an unknown key ID fails
     */
    public synchronized Optional<PublicKey> key(String keyId) {
        Instant now = clock.instant();

        // The first use, or a periodic refresh; a failed refresh keeps the older keys in use.
        if (keys == null || (!now.isBefore(fetchedAt.plus(refreshPeriod)) && mayFetch(now))) {
            try {
                refresh(now);
            } catch (JwksUnavailableException e) {
                if (keys == null) {
                    throw e;
                }
                LOG.warnf("Failed to refresh Notary's JWKS, keeping the %d key(s) fetched at %s: %s", keys.size(),
                        fetchedAt, e.getMessage());
            }
        }
        PublicKey key = keys.get(keyId);
        if (key != null) {
            return Optional.of(key);
        }

        // An unknown key ID: Notary may have rotated its key since the last fetch.
        if (!mayFetch(now)) {
            return Optional.empty();
        }
        refresh(now);
        return Optional.ofNullable(keys.get(keyId));
    }

    private boolean mayFetch(Instant now) {
        return lastAttempt == null || !now.isBefore(lastAttempt.plus(minRefreshInterval));
    }

    private void refresh(Instant now) {
        lastAttempt = now;
        String json;
        try {
            json = source.fetch();
        } catch (IOException e) {
            throw new JwksUnavailableException("failed to fetch Notary's JWKS: " + e.getMessage(), e);
        }
        Map<String, PublicKey> parsed = parse(json);
        keys = parsed;
        fetchedAt = now;
        LOG.infof("Fetched Notary's JWKS: %d usable key(s) with IDs %s", parsed.size(), parsed.keySet());
    }

    private static Map<String, PublicKey> parse(String json) {
        JsonWebKeySet set;
        try {
            set = new JsonWebKeySet(json);
        } catch (JoseException e) {
            throw new JwksUnavailableException("failed to read Notary's JWKS: it is not a valid JWK set", e);
        }
        Map<String, PublicKey> usable = new HashMap<>();
        for (JsonWebKey key : set.getJsonWebKeys()) {
            if (isEs256SigningKey(key)) {
                usable.put(key.getKeyId(), ((EllipticCurveJsonWebKey) key).getECPublicKey());
            }
        }
        return usable;
    }

    private static boolean isEs256SigningKey(JsonWebKey key) {
        return key instanceof EllipticCurveJsonWebKey ec
                && EllipticCurves.P_256.equals(ec.getCurveName())
                && key.getKeyId() != null
                && (key.getUse() == null || Use.SIGNATURE.equals(key.getUse()))
                && (key.getAlgorithm() == null || AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256.equals(key.getAlgorithm()));
    }
}
