package ist.aegis.sentinel.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a secret from standard input exactly as given: every byte up to the end of the stream, no
 * newline stripped. Intermediate buffers are overwritten as the read grows them.
 */
public final class StandardInput {

    /**
     * Upper bound on what the CLI reads, so that a runaway pipe cannot fill its memory. Safe's own
     * limit on a value (512 KiB by default, configurable there) is what normally applies.
     */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    private StandardInput() {
    }

    /**
     * Reads {@code in} to its end and decodes it as strict UTF-8.
     *
     * @param description what the input is, for error messages, such as {@code the value}
     * @param maxBytes the most bytes accepted
     * @return the text, which the caller should overwrite when done
     * @throws InvalidInputException when the input is larger than {@code maxBytes} or not UTF-8
     */
    public static char[] readText(InputStream in, String description, int maxBytes) throws IOException, InvalidInputException {
        byte[] bytes = readBytes(in, description, maxBytes);
        try {
            return StrictUtf8.decode(bytes, description + " on standard input");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Reads {@code in} to its end, rejecting more than {@code maxBytes}; the caller should overwrite the result. */
    public static byte[] readBytes(InputStream in, String description, int maxBytes) throws IOException, InvalidInputException {
        byte[] buffer = new byte[Math.min(8192, maxBytes + 1)];
        int length = 0;
        while (true) {
            if (length == buffer.length) {
                if (length > maxBytes) {
                    Arrays.fill(buffer, (byte) 0);
                    throw new InvalidInputException(description + " on standard input is larger than " + maxBytes
                            + " bytes");
                }
                byte[] larger = Arrays.copyOf(buffer, Math.min(buffer.length * 2, maxBytes + 1));
                Arrays.fill(buffer, (byte) 0);
                buffer = larger;
            }
            int read = in.read(buffer, length, buffer.length - length);
            if (read < 0) {
                break;
            }
            length += read;
        }
        if (length > maxBytes) {
            Arrays.fill(buffer, (byte) 0);
            throw new InvalidInputException(description + " on standard input is larger than " + maxBytes + " bytes");
        }
        byte[] result = Arrays.copyOf(buffer, length);
        Arrays.fill(buffer, (byte) 0);
        return result;
    }
}
