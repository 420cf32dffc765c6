package ist.aegis.notary;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Notary's configuration, under the prefix {@code notary.}. Environment variables follow the
 * MicroProfile mapping, such as {@code NOTARY_SVID_LIFETIME} for {@code notary.svid-lifetime}.
 * {@link NotaryStartup} checks the limits at start-up and rejects values outside them.
 */
@ConfigMapping(prefix = "notary")
public interface NotaryConfig {

    /** The SPIFFE trust domain of every ID that Notary issues. Default {@code aegis.ist}. */
    @WithDefault("aegis.ist")
    String trustDomain();

    /** The files of Notary's own TLS certificate, read through the Quarkus TLS registry. */
    Tls tls();

    /**
     * The {@code iss} claim of every JWT-SVID: Notary's URL as Safe reaches it. Default
     * {@code https://aegis-notary.aegis-system.svc}.
     */
    @WithDefault("https://aegis-notary.aegis-system.svc")
    String issuer();

    /**
     * The audience that a workload's projected service-account token must carry, checked by the
     * TokenReview (or by the dev attestor). Default {@code aegis-notary}.
     */
    @WithDefault("aegis-notary")
    String tokenAudience();

    /**
     * How long a JWT-SVID is valid after it is issued. Default {@code PT5M}; it must be positive and at
     * most {@code PT1H}.
     */
    @WithDefault("PT5M")
    Duration svidLifetime();

    /**
     * How long a signing key signs before Notary makes a new one. The previous key stays in the JWKS
     * until every token it signed has expired. Default {@code PT24H}; it must be at least
     * {@code notary.svid-lifetime} plus one minute, so that at most one previous key is ever still in use.
     */
    @WithDefault("PT24H")
    Duration keyRotationPeriod();

    /** The signing-key store. */
    SigningKey signingKey();

    /** The cache of successful TokenReviews. */
    AttestationCache attestationCache();

    /** The dev attestor, which replaces the Kubernetes TokenReview. For development only. */
    DevAttestor devAttestor();

    /** Notary's TLS files, in PEM. */
    interface Tls {

        /** The certificate chain, leaf first. Default {@code /etc/aegis/tls/tls.crt}. */
        @WithDefault("/etc/aegis/tls/tls.crt")
        Path certificate();

        /** The private key of the certificate. Default {@code /etc/aegis/tls/tls.key}. */
        @WithDefault("/etc/aegis/tls/tls.key")
        Path key();

        /** The Aegis CA certificate. Default {@code /etc/aegis/tls/ca.crt}. */
        @WithDefault("/etc/aegis/tls/ca.crt")
        Path ca();

        /**
         * How often the TLS registry reads the files again, so that a renewed certificate is served
         * without a restart. Default {@code PT1M}.
         */
        @WithDefault("PT1M")
        Duration reloadPeriod();
    }

    /** The signing-key store, and how often Notary reads it again. */
    interface SigningKey {

        /**
         * The key store: {@code kubernetes} (the Secret {@code aegis-notary-signing-key} in the namespace
         * that the Kubernetes client is configured for) or {@code file} ({@code notary.signing-key.file},
         * for dev mode). Default {@code kubernetes}.
         */
        @WithDefault("kubernetes")
        Store store();

        /** The key file when the store is {@code file}; written with mode 0600. No default. */
        Optional<Path> file();

        /**
         * How often Notary reads the store again, to rotate a key that is due and to pick up a key that
         * another replica made. Default {@code PT1M}.
         */
        @WithDefault("PT1M")
        Duration refreshPeriod();
    }

    /** The signing-key stores. */
    enum Store {
        /** A Kubernetes Secret, shared by every replica. */
        KUBERNETES,
        /** A local file, for dev mode where no Kubernetes API exists. */
        FILE
    }

    /**
     * The cache of successful TokenReviews, keyed by a SHA-256 digest of the token. Failures are never
     * cached, and the pod is read on every request, so a deleted pod is rejected at once.
     */
    interface AttestationCache {

        /** The maximum number of cached reviews; the least recently used goes first. Default 10000. */
        @WithDefault("10000")
        int maxEntries();

        /**
         * How long a review is reused, at most; never beyond the token's own expiry. This bounds how
         * long a token stays accepted after its service account is deleted. Default {@code PT1M};
         * {@code PT0S} turns the cache off.
         */
        @WithDefault("PT1M")
        Duration maxAge();
    }

    /** The dev attestor. For development only. */
    interface DevAttestor {

        /**
         * Whether Notary verifies bearer tokens as dev service-account tokens, signed by
         * {@code notary.dev-attestor.public-key}, instead of sending a TokenReview. For development
         * only: anyone holding the dev private key can then obtain any identity. Default {@code false}.
         */
        @WithDefault("false")
        boolean enabled();

        /** The PEM public key ("PUBLIC KEY") that verifies dev tokens; required when enabled. */
        @WithName("public-key")
        Optional<Path> publicKey();
    }
}
