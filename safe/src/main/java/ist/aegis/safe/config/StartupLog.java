package ist.aegis.safe.config;

import ist.aegis.common.wire.ErrorBody;
import ist.aegis.common.wire.SecretList;
import ist.aegis.common.wire.SecretMetadata;
import ist.aegis.common.wire.SecretUpsertRequest;
import ist.aegis.common.wire.WorkloadSecret;
import ist.aegis.safe.api.SentinelResource;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Logs Safe's start with its version and effective configuration (file paths, never their contents)
 * and its stop. It also registers the shared wire records for reflection, which Jackson needs in a
 * native image.
 */
@Singleton
@RegisterForReflection(targets = {ErrorBody.class, SecretList.class, SecretMetadata.class, SecretUpsertRequest.class,
        WorkloadSecret.class, SentinelResource.DeleteResult.class})
public class StartupLog {

    private static final Logger LOG = Logger.getLogger(StartupLog.class);

    private final SafeConfig config;
    private final String version;
    private final int httpsPort;
    private final int managementPort;

    StartupLog(SafeConfig config, @ConfigProperty(name = "quarkus.application.version") String version,
            @ConfigProperty(name = "quarkus.http.ssl-port") int httpsPort,
            @ConfigProperty(name = "quarkus.management.port") int managementPort) {
        this.config = config;
        this.version = version;
        this.httpsPort = httpsPort;
        this.managementPort = managementPort;
    }

    void onStart(@Observes StartupEvent event) {
        LOG.infof("Safe %s starting: trust domain %s, HTTPS port %d, management port %d, certificate %s, key %s,"
                + " CA bundle %s, TLS reload period %s, max value size %d bytes, max entry size %d bytes,"
                + " JWKS URL %s, token issuer %s, token leeway %s",
                version, config.trustDomain(), httpsPort, managementPort, config.tls().certificate(),
                config.tls().key(), config.tls().ca(), config.tls().reloadPeriod(),
                config.limits().maxValueSize().asLongValue(), config.limits().maxEntrySize().asLongValue(),
                config.notary().jwksUrl(), config.notary().issuer(), config.token().leeway());
    }

    void onStop(@Observes ShutdownEvent event) {
        LOG.infof("Safe %s stopping", version);
    }
}
