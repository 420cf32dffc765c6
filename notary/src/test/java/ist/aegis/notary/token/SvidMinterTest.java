package ist.aegis.notary.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ist.aegis.common.identity.SpiffeId;
import ist.aegis.notary.identity.AttestationException;
import ist.aegis.notary.keys.SigningKey;

import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

class SvidMinterTest {

    private static final Instant NOW = Instant.parse("2026-12-04T20:30:00Z");
    private static final SpiffeId SUBJECT = SpiffeId.workload("aegis.ist", "billing", "team-a", "billing", "billing-0");

    @Test
    void mintsClaimsAndHeader() throws Exception {
        SigningKey key = SigningKey.generate(NOW);
        SvidMinter minter = new SvidMinter("https://notary.example", Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));

        SvidMinter.Svid svid = minter.mint(SUBJECT, key);

        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKey(PublicJsonWebKey.Factory.newPublicJwk(key.publicParameters()).getPublicKey())
                .setExpectedIssuer("https://notary.example")
                .setExpectedAudience("aegis-safe")
                .setEvaluationTime(NumericDate.fromSeconds(NOW.getEpochSecond()))
                .build();
        JwtContext context = consumer.process(svid.token());
        JwtClaims claims = context.getJwtClaims();
        assertEquals(SUBJECT.toString(), claims.getSubject());
        assertEquals(List.of("aegis-safe"), claims.getAudience());
        assertEquals(NOW.getEpochSecond(), claims.getIssuedAt().getValue());
        assertEquals(NOW.getEpochSecond(), claims.getNotBefore().getValue());
        assertEquals(NOW.plus(Duration.ofMinutes(5)).getEpochSecond(), claims.getExpirationTime().getValue());
        assertEquals(svid.jwtId(), claims.getJwtId());
        assertEquals(NOW.plus(Duration.ofMinutes(5)), svid.expiresAt());
        assertEquals(key.keyId(), context.getJoseObjects().get(0).getKeyIdHeaderValue());
        assertEquals("ES256", context.getJoseObjects().get(0).getAlgorithmHeaderValue());
        assertEquals("JWT", context.getJoseObjects().get(0).getHeader("typ"));
    }

    @Test
    void expiryCappedAtTokenExpiry() {
        SigningKey key = SigningKey.generate(NOW);
        SvidMinter minter = new SvidMinter("https://notary.example", Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));

        SvidMinter.Svid capped = minter.mint(SUBJECT, key, NOW.plusSeconds(60));
        SvidMinter.Svid uncapped = minter.mint(SUBJECT, key, NOW.plus(Duration.ofHours(1)));

        assertEquals(NOW.plusSeconds(60), capped.expiresAt());
        assertEquals(NOW.plus(Duration.ofMinutes(5)), uncapped.expiresAt());
    }

    @Test
    void expiredTokenGetsNoSvid() {
        SigningKey key = SigningKey.generate(NOW);
        SvidMinter minter = new SvidMinter("https://notary.example", Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));

        AttestationException e = assertThrows(AttestationException.class,
                () -> minter.mint(SUBJECT, key, NOW.minusSeconds(5)));
        assertEquals(AttestationException.Check.INVALID_TOKEN, e.check());
        assertEquals("service-account token has expired: request a fresh projected token", e.getMessage());
    }

    @Test
    void jtiIsUnique() {
        SigningKey key = SigningKey.generate(NOW);
        SvidMinter minter = new SvidMinter("https://notary.example", Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));

        assertNotEquals(minter.mint(SUBJECT, key).jwtId(), minter.mint(SUBJECT, key).jwtId());
    }

    @Test
    void lifetimeAboveOneHourRejected() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SvidMinter("https://notary.example", Duration.ofMinutes(61), clock));
        assertEquals("JWT-SVID lifetime PT1H1M is invalid: it must be positive and at most PT1H", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SvidMinter("https://notary.example", Duration.ZERO, clock));
        new SvidMinter("https://notary.example", Duration.ofHours(1), clock);
    }
}
