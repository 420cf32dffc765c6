package ist.aegis.safe.crypto;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes an entry's plaintext body: everything but its address, which the envelope binds in as
 * associated data instead. Layout, big-endian: body format (1 byte, 1), version (8), created
 * seconds (8) and nanoseconds (4), updated seconds (8) and nanoseconds (4), value count (4), then
 * per value its length (4) and bytes.
 */
final class EntryCodec {

    static final byte BODY_FORMAT = 1;

    private static final int FIXED_LENGTH = 1 + 8 + 12 + 12 + 4;

    private EntryCodec() {
    }

    /** Encodes {@code entry}; the caller overwrites the returned array when done. */
    static byte[] encode(EntryRecord entry) {
        int length = FIXED_LENGTH;
        for (byte[] value : entry.values()) {
            length = Math.addExact(length, 4 + value.length);
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        body.put(BODY_FORMAT);
        body.putLong(entry.version());
        putInstant(body, entry.created());
        putInstant(body, entry.updated());
        body.putInt(entry.values().size());
        for (byte[] value : entry.values()) {
            body.putInt(value.length);
            body.put(value);
        }
        return body.array();
    }

    /**
     * Decodes a body that the envelope has already authenticated.
     *
     * @throws IllegalArgumentException when the body is inconsistent; the message never quotes it
     */
    static EntryRecord decode(EntryAddress address, byte[] bytes) {
        try {
            ByteBuffer body = ByteBuffer.wrap(bytes);
            byte format = body.get();
            if (format != BODY_FORMAT) {
                throw new IllegalArgumentException("unknown body format " + format);
            }
            long version = body.getLong();
            Instant created = getInstant(body);
            Instant updated = getInstant(body);
            int count = body.getInt();
            if (count < 0 || count > body.remaining() / 4) {
                throw new IllegalArgumentException("value count " + count + " does not fit the body");
            }
            List<byte[]> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int length = body.getInt();
                if (length < 0 || length > body.remaining()) {
                    throw new IllegalArgumentException("value " + i + " has length " + length
                            + ", more than the " + body.remaining() + " bytes left");
                }
                byte[] value = new byte[length];
                body.get(value);
                values.add(value);
            }
            if (body.hasRemaining()) {
                throw new IllegalArgumentException(body.remaining() + " bytes follow the last value");
            }
            return new EntryRecord(address, values, created, updated, version);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("the body ends early", e);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("a time is out of range", e);
        }
    }

    private static void putInstant(ByteBuffer buffer, Instant instant) {
        buffer.putLong(instant.getEpochSecond());
        buffer.putInt(instant.getNano());
    }

    private static Instant getInstant(ByteBuffer buffer) {
        long seconds = buffer.getLong();
        int nanos = buffer.getInt();
        return Instant.ofEpochSecond(seconds, nanos);
    }
}
