package ist.aegis.k8s.certs;

import ist.aegis.common.identity.SpiffeId;
import ist.aegis.common.identity.SystemComponent;

import java.util.List;

/**
 * The names an Aegis service's certificate must carry in a cluster: its SPIFFE ID as the only URI
 * SAN, and the DNS names of its Service {@code aegis-<component>} in {@code namespace}.
 *
 * @param secretName the {@code kubernetes.io/tls} Secret that contains the certificate
 */
public record ComponentIdentity(SystemComponent component, SpiffeId spiffeId, List<String> dnsNames, String secretName) {

    /** Builds the identity of {@code component} installed in {@code namespace}. */
    public static ComponentIdentity of(SystemComponent component, String trustDomain, String namespace) {
        String service = serviceName(component);
        List<String> dnsNames = List.of(
                service,
                service + "." + namespace,
                service + "." + namespace + ".svc",
                service + "." + namespace + ".svc.cluster.local");
        return new ComponentIdentity(component, SpiffeId.system(trustDomain, component), dnsNames, secretName(component));
    }

    /** Returns the Service name, such as {@code aegis-safe}. */
    public static String serviceName(SystemComponent component) {
        return "aegis-" + component.pathName();
    }

    /** Returns the TLS Secret name, such as {@code aegis-safe-tls}. */
    public static String secretName(SystemComponent component) {
        return serviceName(component) + "-tls";
    }
}
