package ist.aegis.safe.api;

import ist.aegis.common.validation.InvalidFieldException;
import ist.aegis.common.wire.SecretUpsertRequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Parses the body of {@code POST /sentinel/v1/secrets} strictly: UTF-8 only, one JSON object, no
 * unknown or repeated fields, no type coercion (a number is not a string, {@code "true"} is not a
 * boolean). Error messages name the field and the rule and never quote the input. Thread-safe.
 */
final class UpsertRequestReader {

    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}");

    static final String BODY_RULE = "it must be a JSON object with the fields 'workload', 'namespace', 'value'"
            + " and optionally 'append'";

    private final ObjectReader reader;

    UpsertRequestReader() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        this.reader = mapper.readerFor(SecretUpsertRequest.class);
    }

    /**
     * Parses {@code body}; the caller overwrites it afterwards.
     *
     * @throws InvalidFieldException naming the body or field that is invalid
     */
    SecretUpsertRequest read(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidFieldException("body", "request body is missing: " + BODY_RULE);
        }
        requireUtf8(body);
        SecretUpsertRequest request;
        try {
            request = reader.readValue(body);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidFieldException("body", "request body has an unknown field" + quotedFieldName(e.getPropertyName())
                    + ": " + BODY_RULE);
        } catch (JsonMappingException e) {
            throw typeError(e);
        } catch (JsonProcessingException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
                throw new InvalidFieldException("body", "request body has a repeated field: " + BODY_RULE);
            }
            throw new InvalidFieldException("body", "request body is not valid JSON (at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + "): " + BODY_RULE);
        } catch (IOException e) {
            throw new InvalidFieldException("body", "request body could not be read: " + BODY_RULE);
        }
        if (request == null) {
            throw new InvalidFieldException("body", "request body is invalid: " + BODY_RULE);
        }
        return request;
    }

    private static InvalidFieldException typeError(JsonMappingException e) {
        String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
        if (field == null) {
            return new InvalidFieldException("body", "request body is invalid: " + BODY_RULE);
        }
        String rule = "append".equals(field) ? "it must be a boolean (true or false)" : "it must be a string";
        return new InvalidFieldException(field, "'" + field + "' is invalid: " + rule);
    }

    // Jackson would detect other encodings, but Safe accepts UTF-8 only and reports any other body as such.
    private static void requireUtf8(byte[] body) {
        CharBuffer decoded = null;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new InvalidFieldException("body", "request body is not UTF-8 text: send JSON encoded as UTF-8");
        } finally {
            if (decoded != null && decoded.hasArray()) {
                Arrays.fill(decoded.array(), '\0');
            }
        }
    }

    /**
     * Quotes an unknown field's name for an error message when it looks like a field name: a short
     * identifier such as {@code template}. Anything else may be a secret pasted in the wrong place,
     * so it is left out.
     */
    private static String quotedFieldName(String name) {
        if (name != null && FIELD_NAME.matcher(name).matches()) {
            return " '" + name + "'";
        }
        return "";
    }
}
