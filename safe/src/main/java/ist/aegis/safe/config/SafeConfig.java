package ist.aegis.safe.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Safe's settings, under the prefix {@code safe.}; environment variables follow the MicroProfile
 * mapping ({@code SAFE_TLS_CERTIFICATE} for {@code safe.tls.certificate}). The HTTPS port is
 * {@code quarkus.http.ssl-port} (8443) and the management port {@code quarkus.management.port} (9000).
 */
@ConfigMapping(prefix = "safe")
public interface SafeConfig {

    /**
     * The SPIFFE trust domain of every identity Safe accepts, such as the Sentinel's
     * {@code spiffe://<trust-domain>/system/sentinel}. Default {@code aegis.ist}.
     */
    @WithDefault("aegis.ist")
    String trustDomain();

    /** The server's certificate, key and trust bundle. */
    Tls tls();

    /** Size limits of values and entries. */
    Limits limits();

    /** The source of Notary's public keys and the issuer that tokens must name. */
    Notary notary();

    /** Rules for workload identity tokens. */
    Token token();

    /** The PEM files of the HTTPS server. Safe reads them through the Quarkus TLS configuration {@code safe}. */
    interface Tls {

        /** The server's certificate chain (PEM), with the URI SAN {@code spiffe://<trust-domain>/system/safe}. Default {@code /etc/aegis/tls/tls.crt}. */
        @WithDefault("/etc/aegis/tls/tls.crt")
        Path certificate();

        /** The server's private key (PEM, PKCS#8). Default {@code /etc/aegis/tls/tls.key}. */
        @WithDefault("/etc/aegis/tls/tls.key")
        Path key();

        /**
         * The Aegis CA bundle (PEM): the only trust anchor for client certificates and for Notary's
         * JWKS endpoint. Default {@code /etc/aegis/tls/ca.crt}.
         */
        @WithDefault("/etc/aegis/tls/ca.crt")
        Path ca();

        /**
         * How often Safe checks the three files and, when they changed, uses them for new connections
         * without a restart. Default 10 seconds.
         */
        @WithDefault("PT10S")
        Duration reloadPeriod();
    }

    /** Size limits, counted in bytes of UTF-8. Values such as {@code 512K} or {@code 1M} are allowed. */
    interface Limits {

        /** The maximum size of one value; a larger one is rejected with 413. Default 512 KiB. */
        @WithDefault("512K")
        MemorySize maxValueSize();

        /**
         * The maximum size of an entry, the sum of all its values; an append that would exceed it is
         * rejected with 413. Default 512 KiB, so that an encrypted entry fits in one Kubernetes Secret.
         */
        @WithDefault("512K")
        MemorySize maxEntrySize();
    }

    /** Notary, the issuer of workload identity tokens. */
    interface Notary {

        /**
         * The HTTPS URL of Notary's JWKS, read with {@code safe.tls.ca} as the only trust anchor.
         * Default {@code https://aegis-notary.aegis-system.svc:8443/notary/v1/jwks}.
         */
        @WithDefault("https://aegis-notary.aegis-system.svc:8443/notary/v1/jwks")
        URI jwksUrl();

        /** The {@code iss} claim that every accepted token carries. Default {@code https://aegis-notary.aegis-system.svc}. */
        @WithDefault("https://aegis-notary.aegis-system.svc")
        String issuer();

        /**
         * The minimum time between two JWKS fetches caused by a token whose {@code kid} is not in the
         * cached set, which bounds the load that bad tokens can put on Notary. Default 5 seconds.
         */
        @WithDefault("PT5S")
        Duration jwksMinRefreshInterval();

        /** How often Safe fetches the JWKS again even when every {@code kid} is known. Default 5 minutes. */
        @WithDefault("PT5M")
        Duration jwksRefreshPeriod();

        /** The connect and read timeout of one JWKS fetch. Default 5 seconds. */
        @WithDefault("PT5S")
        Duration jwksTimeout();
    }

    /** Workload token checks. */
    interface Token {

        /**
         * The clock-skew allowance for the {@code exp} and {@code nbf} claims: a token is accepted
         * up to this long after it expired and this long before it becomes valid. Default 30 seconds.
         */
        @WithDefault("PT30S")
        Duration leeway();
    }
}
