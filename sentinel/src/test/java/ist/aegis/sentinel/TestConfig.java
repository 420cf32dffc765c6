package ist.aegis.sentinel;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** A {@link SentinelConfig} built in code, for tests that run the command without Quarkus. */
record TestConfig(URI safeUrl, Duration timeout, Path certificate, Path key, Path ca, int servePort)
        implements SentinelConfig {

    static TestConfig of(String safeUrl, Path certificates, Duration timeout) {
        return new TestConfig(URI.create(safeUrl), timeout, certificates.resolve("sentinel.crt"),
                certificates.resolve("sentinel.key"), certificates.resolve("ca.crt"), 0);
    }

    @Override
    public Tls tls() {
        return new Tls() {
            @Override
            public Path certificate() {
                return certificate;
            }

            @Override
            public Path key() {
                return key;
            }

            @Override
            public Path ca() {
                return ca;
            }
        };
    }

    @Override
    public Serve serve() {
        return new Serve() {
            @Override
            public int port() {
                return servePort;
            }

            @Override
            public String host() {
                return "127.0.0.1";
            }
        };
    }
}
