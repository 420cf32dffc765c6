package ist.aegis.common.identity;

import ist.aegis.common.validation.Dns1123;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An Aegis SPIFFE ID. Only two shapes exist, and {@link #parse} accepts nothing else:
 * <ul>
 * <li>a workload: {@code spiffe://<trust-domain>/workload/<workload>/ns/<namespace>/sa/<service-account>/n/<pod>};</li>
 * <li>a system component: {@code spiffe://<trust-domain>/system/<safe|notary|sentinel>}.</li>
 * </ul>
 * System IDs live under their own path, so no workload name can ever produce one. Instances are
 * immutable; equal IDs have equal string forms.
 */
public final class SpiffeId {

    private static final String SCHEME = "spiffe://";
    private static final String WORKLOAD_PREFIX = "/workload/";
    private static final String SYSTEM_PREFIX = "/system/";

    // Kubernetes object names (pods, service accounts) are DNS-1123 subdomains.
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final int MAX_SUBDOMAIN_LENGTH = 253;
    private static final Pattern TRUST_DOMAIN = Pattern.compile("[a-z0-9._-]+");
    private static final int MAX_TRUST_DOMAIN_LENGTH = 255;

    private final String trustDomain;
    private final SystemComponent component;
    private final String workload;
    private final String namespace;
    private final String serviceAccount;
    private final String pod;

    private SpiffeId(String trustDomain, SystemComponent component, String workload, String namespace,
            String serviceAccount, String pod) {
        this.trustDomain = trustDomain;
        this.component = component;
        this.workload = workload;
        this.namespace = namespace;
        this.serviceAccount = serviceAccount;
        this.pod = pod;
    }

    /**
     * Creates a workload ID.
     *
     * @throws IllegalArgumentException when a part breaks its naming rule
     */
    public static SpiffeId workload(String trustDomain, String workload, String namespace, String serviceAccount,
            String pod) {
        requireTrustDomain(trustDomain);
        requirePart("workload", workload, Dns1123.isLabel(workload), "a DNS-1123 label");
        requirePart("namespace", namespace, Dns1123.isLabel(namespace), "a DNS-1123 label");
        requirePart("service account", serviceAccount, isSubdomain(serviceAccount), "a DNS-1123 subdomain");
        requirePart("pod", pod, isSubdomain(pod), "a DNS-1123 subdomain");
        return new SpiffeId(trustDomain, null, workload, namespace, serviceAccount, pod);
    }

    /** Creates the ID of an Aegis service. */
    public static SpiffeId system(String trustDomain, SystemComponent component) {
        requireTrustDomain(trustDomain);
        return new SpiffeId(trustDomain, Objects.requireNonNull(component, "component"), null, null, null, null);
    }

    /**
     * Parses an Aegis SPIFFE ID.
     *
     * @throws IllegalArgumentException when {@code value} is not a workload or system ID; the message
     *         names the rule that failed
     */
    public static SpiffeId parse(String value) {
        if (value == null || !value.startsWith(SCHEME)) {
            throw new IllegalArgumentException("SPIFFE ID must start with '" + SCHEME + "'");
        }
        String rest = value.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("SPIFFE ID must have a trust domain and a path");
        }
        String trustDomain = rest.substring(0, slash);
        String path = rest.substring(slash);
        requireTrustDomain(trustDomain);

        if (path.startsWith(SYSTEM_PREFIX)) {
            SystemComponent component = SystemComponent.fromPathName(path.substring(SYSTEM_PREFIX.length()));
            if (component == null) {
                throw new IllegalArgumentException("SPIFFE ID path '" + path + "' names no Aegis component");
            }
            return system(trustDomain, component);
        }
        if (path.startsWith(WORKLOAD_PREFIX)) {
            // workload/<w>/ns/<ns>/sa/<sa>/n/<pod> splits into exactly eight segments.
            String[] segments = path.substring(1).split("/", -1);
            if (segments.length != 8 || !"ns".equals(segments[2]) || !"sa".equals(segments[4])
                    || !"n".equals(segments[6])) {
                throw new IllegalArgumentException(
                        "SPIFFE ID path must be /workload/<workload>/ns/<namespace>/sa/<service-account>/n/<pod>");
            }
            return workload(trustDomain, segments[1], segments[3], segments[5], segments[7]);
        }
        throw new IllegalArgumentException("SPIFFE ID path must start with /workload/ or /system/");
    }

    public String trustDomain() {
        return trustDomain;
    }

    /** Returns whether this is an Aegis service's ID rather than a workload's. */
    public boolean isSystem() {
        return component != null;
    }

    /** Returns the component of a system ID, or {@code null} for a workload ID. */
    public SystemComponent component() {
        return component;
    }

    /** Returns the workload name, or {@code null} for a system ID. */
    public String workloadName() {
        return workload;
    }

    /** Returns the workload's namespace, or {@code null} for a system ID. */
    public String namespace() {
        return namespace;
    }

    /** Returns the workload's service account, or {@code null} for a system ID. */
    public String serviceAccount() {
        return serviceAccount;
    }

    /** Returns the workload's pod name, or {@code null} for a system ID. */
    public String pod() {
        return pod;
    }

    @Override
    public String toString() {
        if (component != null) {
            return SCHEME + trustDomain + SYSTEM_PREFIX + component.pathName();
        }
        return SCHEME + trustDomain + WORKLOAD_PREFIX + workload + "/ns/" + namespace + "/sa/" + serviceAccount
                + "/n/" + pod;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SpiffeId && toString().equals(other.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    private static boolean isSubdomain(String value) {
        return value != null && value.length() <= MAX_SUBDOMAIN_LENGTH && SUBDOMAIN.matcher(value).matches();
    }

    private static void requireTrustDomain(String trustDomain) {
        if (trustDomain == null || trustDomain.isEmpty() || trustDomain.length() > MAX_TRUST_DOMAIN_LENGTH
                || !TRUST_DOMAIN.matcher(trustDomain).matches()) {
            throw new IllegalArgumentException(
                    "trust domain must be 1 to 255 characters of lowercase letters, digits, '.', '_' and '-'");
        }
    }

    private static void requirePart(String name, String value, boolean valid, String rule) {
        if (!valid) {
            throw new IllegalArgumentException("SPIFFE ID " + name + " '" + value + "' is invalid: it must be " + rule);
        }
    }
}
