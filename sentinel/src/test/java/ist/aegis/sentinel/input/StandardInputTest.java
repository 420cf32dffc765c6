package ist.aegis.sentinel.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Standard input is read byte for byte and decoded as strict UTF-8. */
class StandardInputTest {

    private static char[] read(byte[] bytes) throws Exception {
        return StandardInput.readText(new ByteArrayInputStream(bytes), "the value", StandardInput.MAX_BYTES);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "plain",
            "trailing newline\n",
            "windows line\r\n",
            "\n",
            "  leading and trailing spaces  ",
            "back\\slash \"double\" 'single'",
            "$HOME ${X} `date`",
            "emoji \uD83D\uDD11 and \u00e9",
            "\uFEFFbyte-order mark kept",
            "nul \u0000 inside",
    })
    void textRoundTripsExactly(String value) throws Exception {
        assertEquals(value, new String(read(value.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void inputLargerThanOneBufferIsKept() throws Exception {
        byte[] bytes = new byte[100_000];
        Arrays.fill(bytes, (byte) 'x');
        bytes[bytes.length - 1] = '\n';

        char[] text = read(bytes);

        assertEquals(100_000, text.length);
        assertEquals('\n', text[text.length - 1]);
    }

    @Test
    void inputReadInSmallChunksIsKept() throws Exception {
        byte[] bytes = "chunked \uD83D\uDD11 input\n".getBytes(StandardCharsets.UTF_8);
        InputStream trickle = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                return super.read(buffer, offset, Math.min(length, 1));
            }
        };

        assertArrayEquals(bytes, StandardInput.readBytes(trickle, "the value", 1024));
    }

    @Test
    void inputAtLimitIsAccepted() throws Exception {
        assertEquals(16, StandardInput.readBytes(new ByteArrayInputStream(new byte[16]), "the value", 16).length);
    }

    @Test
    void inputOverLimitIsRejected() {
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> StandardInput.readBytes(new ByteArrayInputStream(new byte[17]), "the value", 16));

        assertEquals("the value on standard input is larger than 16 bytes", error.getMessage());
    }

    @Test
    void latin1IsRejected() {
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> read("na\u00efve".getBytes(StandardCharsets.ISO_8859_1)));

        assertEquals("the value on standard input is not valid UTF-8 (invalid byte sequence at byte offset 2):"
                + " values must be UTF-8 text", error.getMessage());
    }

    @Test
    void overlongEncodingIsRejected() {
        // 0xC0 0xAF is an overlong encoding of '/', which lenient decoders accept.
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> read(new byte[] {'a', (byte) 0xC0, (byte) 0xAF}));

        assertEquals("the value on standard input is not valid UTF-8 (invalid byte sequence at byte offset 1):"
                + " values must be UTF-8 text", error.getMessage());
    }

    @Test
    void encodedSurrogateIsRejected() {
        // 0xED 0xA0 0x80 encodes the lone surrogate U+D800, which is not valid UTF-8.
        assertThrows(InvalidInputException.class, () -> read(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
    }

    @Test
    void truncatedSequenceIsRejected() {
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> read(new byte[] {'o', 'k', (byte) 0xF0, (byte) 0x9F}));

        assertEquals("the value on standard input is not valid UTF-8 (invalid byte sequence at byte offset 2):"
                + " values must be UTF-8 text", error.getMessage());
    }

    @Test
    void readFailureIsReported() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Input/output error");
            }
        };

        IOException error = assertThrows(IOException.class, () -> StandardInput.readBytes(broken, "the value", 16));
        assertEquals("Input/output error", error.getMessage());
    }
}
