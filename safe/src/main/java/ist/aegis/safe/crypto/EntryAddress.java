package ist.aegis.safe.crypto;

import ist.aegis.common.validation.Dns1123;

/**
 * The address of an entry: the Kubernetes namespace and workload it belongs to. Both parts are
 * DNS-1123 labels, checked here, so an address can safely become part of a file or object name.
 */
public record EntryAddress(String namespace, String workload) {

    /** Validates both parts; throws {@link ist.aegis.common.validation.InvalidFieldException} otherwise. */
    public EntryAddress {
        Dns1123.requireLabel("namespace", namespace);
        Dns1123.requireLabel("workload", workload);
    }

    /** Returns {@code namespace/workload}, the form log lines and error messages use. */
    @Override
    public String toString() {
        return namespace + "/" + workload;
    }
}
