package ist.aegis.common.wire;

/**
 * The metadata Safe reports about one entry, never its values: the entry's address, how many values it
 * contains, its times in RFC 3339 UTC and a version that rises with every change.
 */
public record SecretMetadata(String workload, String namespace, int values, String created, String updated,
        long version) {
}
