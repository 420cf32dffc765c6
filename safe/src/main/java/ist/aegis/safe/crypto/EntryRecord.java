package ist.aegis.safe.crypto;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One entry in plaintext, as it is sealed into a record: its address, its values as UTF-8 bytes,
 * its times and its version. Instances exist in memory only; {@link #wipe()} overwrites the values
 * once the caller is done with them.
 */
public record EntryRecord(EntryAddress address, List<byte[]> values, Instant created, Instant updated,
        long version) {

    public EntryRecord {
        values = List.copyOf(values);
    }

    /** Overwrites every value with zeros. */
    public void wipe() {
        for (byte[] value : values) {
            Arrays.fill(value, (byte) 0);
        }
    }
}
