package ist.aegis.sentinel;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Configuration of the {@code aegis} CLI and of its long-running {@code serve} mode, under the prefix
 * {@code sentinel.}. Environment variables follow the MicroProfile mapping, such as
 * {@code SENTINEL_SAFE_URL} and {@code SENTINEL_TLS_CA}.
 */
@ConfigMapping(prefix = "sentinel")
public interface SentinelConfig {

    /**
     * Base URL of Safe's HTTPS endpoint. Only {@code https} URLs are accepted, and the host must
     * match a DNS or IP name in Safe's certificate. Default {@code https://aegis-safe.aegis-system.svc:8443}.
     */
    @WithDefault("https://aegis-safe.aegis-system.svc:8443")
    URI safeUrl();

    /**
     * Time allowed to open the connection to Safe, and again for Safe's whole response, as an
     * ISO-8601 duration. Default {@code PT10S}.
     */
    @WithDefault("PT10S")
    Duration timeout();

    /** Sentinel's client certificate, its key and the CA bundle that Safe's certificate must chain to. */
    Tls tls();

    /** The {@code aegis serve} mode, the Sentinel pod's main process. */
    Serve serve();

    /** PEM files for mTLS with Safe; the defaults are where the chart mounts them. */
    interface Tls {

        /** Sentinel's certificate chain (PEM), with the SPIFFE ID of Sentinel. Default {@code /etc/aegis/tls/tls.crt}. */
        @WithDefault("/etc/aegis/tls/tls.crt")
        Path certificate();

        /** The private key of {@link #certificate()} (PEM, PKCS#8). Default {@code /etc/aegis/tls/tls.key}. */
        @WithDefault("/etc/aegis/tls/tls.key")
        Path key();

        /** The CA bundle (PEM) that Safe's certificate must chain to. Default {@code /etc/aegis/tls/ca.crt}. */
        @WithDefault("/etc/aegis/tls/ca.crt")
        Path ca();
    }

    /** The liveness endpoint of {@code aegis serve}. */
    interface Serve {

        /**
         * Plain-HTTP port that serves {@code GET /q/health/live}; it carries no data. 0 picks a free
         * port. Default {@code 9000}.
         */
        @WithDefault("9000")
        int port();

        /**
         * Address the liveness endpoint listens on. Default {@code 0.0.0.0}, all interfaces, so the
         * kubelet can probe the pod; dev mode sets {@code 127.0.0.1}.
         */
        @WithDefault("0.0.0.0")
        String host();
    }
}
