package ist.aegis.common.wire;

/**
 * The body of {@code GET /workload/v1/secrets}. {@code data} is a string when the entry contains one
 * value and a list of strings when it contains several. Times are RFC 3339 UTC.
 */
public record WorkloadSecret(Object data, String created, String updated) {
}
