package ist.aegis.common.wire;

/**
 * The body of {@code POST /sentinel/v1/secrets}. The value is a {@code char[]} so that the receiver
 * can overwrite it once it is stored; an absent value is {@code null}, and an empty string is an
 * empty array. {@code append} adds the value to the entry's values instead of replacing them.
 */
public record SecretUpsertRequest(String workload, String namespace, char[] value, Boolean append) {

    /** Returns whether the request appends. An absent flag means replace. */
    public boolean isAppend() {
        return Boolean.TRUE.equals(append);
    }
}
