package ist.aegis.safe.store;

/**
 * Size limits in bytes of UTF-8: one value, and an entry with all its values. The default of 512 KiB
 * each keeps an encrypted entry inside one Kubernetes Secret (at most 1 MiB).
 */
public record StoreLimits(long maxValueBytes, long maxEntryBytes) {

    public static final long DEFAULT_MAX_BYTES = 512 * 1024;

    public StoreLimits {
        if (maxValueBytes < 1 || maxEntryBytes < 1) {
            throw new IllegalArgumentException("size limits must be at least 1 byte");
        }
    }

    public static StoreLimits defaults() {
        return new StoreLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_BYTES);
    }
}
