package ist.aegis.safe.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An immutable snapshot of one entry: its address, its values as UTF-8 bytes in the order they were
 * stored, its creation and last-change times and its version (1 for a new entry, then one more per
 * change). The snapshot keeps its own copies of the value bytes and hands out copies, so no caller
 * can change a stored value.
 */
public final class SecretEntry {

    private final SecretAddress address;
    private final List<byte[]> values;
    private final Instant created;
    private final Instant updated;
    private final long version;

    /**
     * Creates a snapshot; it copies {@code values}.
     *
     * @throws IllegalArgumentException when there are no values or the version is below 1
     */
    public SecretEntry(SecretAddress address, List<byte[]> values, Instant created, Instant updated, long version) {
        this.address = Objects.requireNonNull(address, "address");
        if (values.isEmpty()) {
            throw new IllegalArgumentException("entry " + address + " must have at least one value");
        }
        if (version < 1) {
            throw new IllegalArgumentException("entry " + address + " must have a version of at least 1");
        }
        List<byte[]> copies = new ArrayList<>(values.size());
        for (byte[] value : values) {
            copies.add(value.clone());
        }
        this.values = Collections.unmodifiableList(copies);
        this.created = Objects.requireNonNull(created, "created");
        this.updated = Objects.requireNonNull(updated, "updated");
        this.version = version;
    }

    public SecretAddress address() {
        return address;
    }

    /** Copies of the values, as UTF-8 bytes, in the order they were stored. */
    public List<byte[]> values() {
        List<byte[]> copies = new ArrayList<>(values.size());
        for (byte[] value : values) {
            copies.add(value.clone());
        }
        return copies;
    }

    /** Decodes the values as text. Use it only to send them to their owner, because strings cannot be overwritten. */
    public List<String> valuesAsText() {
        List<String> texts = new ArrayList<>(values.size());
        for (byte[] value : values) {
            texts.add(new String(value, StandardCharsets.UTF_8));
        }
        return texts;
    }

    public int valueCount() {
        return values.size();
    }

    /** Returns the sum of the values' sizes in bytes, which the entry size limit applies to. */
    public long sizeBytes() {
        long total = 0;
        for (byte[] value : values) {
            total += value.length;
        }
        return total;
    }

    /** Returns whether one of the values equals {@code value} byte for byte. */
    public boolean containsValue(byte[] value) {
        for (byte[] stored : values) {
            if (Arrays.equals(stored, value)) {
                return true;
            }
        }
        return false;
    }

    public Instant created() {
        return created;
    }

    public Instant updated() {
        return updated;
    }

    public long version() {
        return version;
    }

    /** Names the entry and its version, never a value. */
    @Override
    public String toString() {
        return "SecretEntry[" + address + ", version " + version + ", " + values.size() + " value(s)]";
    }
}
