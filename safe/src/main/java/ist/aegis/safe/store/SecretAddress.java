package ist.aegis.safe.store;

import java.util.Comparator;
import java.util.Objects;

/**
 * The key of an entry: a workload name within a Kubernetes namespace. Callers validate both parts
 * as DNS-1123 labels before building an address, so an address is safe to use in a file or object name.
 */
public record SecretAddress(String namespace, String workload) implements Comparable<SecretAddress> {

    private static final Comparator<SecretAddress> ORDER = Comparator.comparing(SecretAddress::namespace)
            .thenComparing(SecretAddress::workload);

    public SecretAddress {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(workload, "workload");
    }

    /** Orders by namespace, then workload. */
    @Override
    public int compareTo(SecretAddress other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return namespace + "/" + workload;
    }
}
