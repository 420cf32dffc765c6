package ist.aegis.safe.store;

import ist.aegis.common.validation.InvalidFieldException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Turns a secret value received as characters into the UTF-8 bytes that the store keeps. */
public final class SecretValues {

    private SecretValues() {
    }

    /**
     * Encodes {@code value} as UTF-8 and checks it against the value size limit. The caller still
     * owns {@code value} and should overwrite it; the returned array is the caller's too.
     *
     * @param field the field name for error messages, such as {@code value}
     * @throws InvalidFieldException when the value is absent or contains an unpaired surrogate, which
     *         no UTF-8 text can contain
     * @throws SizeLimitException when the encoded value exceeds {@code limits.maxValueBytes()}
     */
    public static byte[] encode(String field, char[] value, StoreLimits limits) {
        if (value == null) {
            throw new InvalidFieldException(field, "'" + field + "' is missing: it must be a string (an empty string is allowed)");
        }
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer encoded;
        try {
            encoded = encoder.encode(CharBuffer.wrap(value));
        } catch (CharacterCodingException e) {
            throw new InvalidFieldException(field, "'" + field
                    + "' is invalid: it is not UTF-8 text because it contains an unpaired UTF-16 surrogate");
        }

        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        if (bytes.length > limits.maxValueBytes()) {
            int size = bytes.length;
            Arrays.fill(bytes, (byte) 0);
            throw new SizeLimitException(field, "'" + field + "' is too large: it takes " + size
                    + " bytes as UTF-8, and the limit is " + limits.maxValueBytes() + " bytes");
        }
        return bytes;
    }
}
