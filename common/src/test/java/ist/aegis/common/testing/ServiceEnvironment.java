package ist.aegis.common.testing;

import ist.aegis.common.identity.SystemComponent;
import ist.aegis.common.tls.ComponentCertificates;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Environment variables for starting a packaged service with {@link ServiceProcess}: loopback-only
 * listeners and the TLS files that {@link ComponentCertificates#writeLocal} wrote. The maps are
 * mutable so that each test adds its own settings.
 */
public final class ServiceEnvironment {

    private ServiceEnvironment() {
    }

    /** HTTPS and the management interface on 127.0.0.1 only, on the given ports. */
    public static Map<String, String> loopback(int httpsPort, int managementPort) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        environment.put("QUARKUS_HTTP_SSL_PORT", Integer.toString(httpsPort));
        environment.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        environment.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        return environment;
    }

    /** Safe on loopback with its certificate, key and CA bundle from {@code certificates}. */
    public static Map<String, String> safe(Path certificates, int httpsPort, int managementPort) {
        Map<String, String> environment = loopback(httpsPort, managementPort);
        environment.put("SAFE_TLS_CERTIFICATE", ComponentCertificates.certificatePath(certificates, SystemComponent.SAFE).toString());
        environment.put("SAFE_TLS_KEY", ComponentCertificates.keyPath(certificates, SystemComponent.SAFE).toString());
        environment.put("SAFE_TLS_CA", ComponentCertificates.caPath(certificates).toString());
        return environment;
    }
}
