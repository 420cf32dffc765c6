package ist.aegis.sentinel.input;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes bytes as UTF-8 and rejects anything that is not, instead of replacing it with U+FFFD.
 * Every byte is kept: a byte-order mark, a trailing newline and NUL all decode as given.
 */
public final class StrictUtf8 {

    private StrictUtf8() {
    }

    /**
     * Decodes {@code bytes} into a new array that the caller should overwrite when done.
     *
     * @param source what the bytes are, for the error message, such as {@code standard input}
     * @throws InvalidInputException when the bytes are not valid UTF-8; the message gives the byte offset
     */
    public static char[] decode(byte[] bytes, String source) throws InvalidInputException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never decodes to more chars than it has bytes, so one buffer of that size is enough.
        CharBuffer out = CharBuffer.allocate(bytes.length);
        try {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isUnderflow()) {
                result = decoder.flush(out);
            }
            if (result.isError()) {
                throw new InvalidInputException(source + " is not valid UTF-8 (invalid byte sequence at byte offset "
                        + in.position() + "): values must be UTF-8 text");
            }
            if (result.isOverflow()) {
                throw new IllegalStateException("failed to decode " + source + ": the output buffer overflowed");
            }
            return Arrays.copyOf(out.array(), out.position());
        } finally {
            Arrays.fill(out.array(), '\0');
        }
    }
}
