package ist.aegis.safe.config;

import ist.aegis.common.wire.Paths;
import ist.aegis.safe.auth.JwksCache;
import ist.aegis.safe.auth.SentinelCertificateCheck;
import ist.aegis.safe.auth.WorkloadTokenVerifier;
import ist.aegis.safe.jwks.HttpsJwksSource;
import ist.aegis.safe.store.SecretStore;
import ist.aegis.safe.store.StoreLimits;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Creates the beans that Safe's pure packages cannot create themselves. */
public class SafeBeans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    SecretStore secretStore(Clock clock, SafeConfig config) {
        return new SecretStore(clock, limits(config));
    }

    @Produces
    @Singleton
    SentinelCertificateCheck sentinelCertificateCheck(SafeConfig config) {
        return new SentinelCertificateCheck(config.trustDomain());
    }

    @Produces
    @Singleton
    JwksCache jwksCache(SafeConfig config, Clock clock) {
        HttpsJwksSource source = new HttpsJwksSource(config.notary().jwksUrl(), config.tls().ca(),
                config.notary().jwksTimeout());
        return new JwksCache(source, clock, config.notary().jwksMinRefreshInterval(), config.notary().jwksRefreshPeriod());
    }

    @Produces
    @Singleton
    WorkloadTokenVerifier workloadTokenVerifier(SafeConfig config, JwksCache jwksCache, Clock clock) {
        return new WorkloadTokenVerifier(jwksCache, clock, config.notary().issuer(), Paths.SAFE_AUDIENCE,
                config.token().leeway(), config.trustDomain());
    }

    static StoreLimits limits(SafeConfig config) {
        return new StoreLimits(config.limits().maxValueSize().asLongValue(), config.limits().maxEntrySize().asLongValue());
    }
}
