package ist.aegis.safe.persistence;

import ist.aegis.common.validation.InvalidFieldException;
import ist.aegis.common.wire.ErrorBody;
import ist.aegis.safe.api.SentinelApi;
import ist.aegis.safe.crypto.RootKey;

import io.quarkus.runtime.annotations.RegisterForReflection;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import org.jboss.logging.Logger;

/**
 * {@code POST /sentinel/v1/root-key}: an administrator loads the root key in {@code manual} mode.
 * The body is {@code {"key": "<base64 of 32 bytes>"}}; surrounding whitespace in the key is ignored.
 * Only the Sentinel's client certificate reaches it, as for the rest of the Sentinel API.
 *
 * <p>The body is parsed with a streaming parser so that the key never becomes a {@link String}; the
 * character and byte copies are overwritten once the key is built.
 */
@SentinelApi
@Path(RootKeyResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class RootKeyResource {

    /** The path of this endpoint. */
    public static final String PATH = "/sentinel/v1/root-key";

    /** Error code of a 409: a root key is already loaded. */
    public static final String ALREADY_LOADED = "already_loaded";

    /** Error code of a 422: the key does not match the stored data. */
    public static final String KEY_MISMATCH = "key_mismatch";

    private static final Logger LOG = Logger.getLogger(RootKeyResource.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final String KEY_RULE = "it must be the base64 encoding of " + RootKey.LENGTH + " bytes";

    /** The body of a successful load. */
    @RegisterForReflection
    public record Status(String status) {
    }

    private final RootKeyLoader loader;

    public RootKeyResource(RootKeyLoader loader) {
        this.loader = loader;
    }

    /** Loads the root key, restores every entry it opens and opens the data routes. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response load(byte[] body) {
        RootKey key = parseKey(body);
        Arrays.fill(body, (byte) 0);
        try {
            RestoreReport report = loader.load(key);
            LOG.infof("Loaded root key %s sent through Sentinel: %d entries restored, %d records skipped",
                    report.keyId(), report.restored(), report.skipped().size());
            return Response.ok(new Status("loaded")).build();
        } catch (RootKeyAlreadyLoadedException e) {
            key.destroy();
            LOG.infof("Rejected a root key with status 409: %s", e.getMessage());
            return error(409, ALREADY_LOADED, e.getMessage());
        } catch (RootKeyMismatchException e) {
            key.destroy();
            LOG.warnf("Rejected a root key with status 422: %s", e.getMessage());
            return error(422, KEY_MISMATCH, e.getMessage() + ": send the root key that sealed the stored data");
        }
    }

    /**
     * Parses {@code {"key": "..."}} into a root key.
     *
     * @throws InvalidFieldException when the body or the key is malformed; the message never quotes the key
     */
    static RootKey parseKey(byte[] body) {
        char[] text = readKeyField(body);
        byte[] ascii = new byte[text.length];
        byte[] decoded = null;
        try {
            int length = 0;
            for (char c : text) {
                if (c > 0x7f) {
                    throw new InvalidFieldException("key", "'key' is invalid: " + KEY_RULE);
                }
                // Whitespace anywhere is dropped; the base64 decoder rejects every other stray character.
                if (!Character.isWhitespace(c)) {
                    ascii[length++] = (byte) c;
                }
            }
            try {
                decoded = Base64.getDecoder().decode(Arrays.copyOf(ascii, length));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("key", "'key' is invalid: " + KEY_RULE);
            }
            if (decoded.length != RootKey.LENGTH) {
                throw new InvalidFieldException("key", "'key' is invalid: " + KEY_RULE + ", and it decodes to "
                        + decoded.length + " bytes");
            }
            return RootKey.of(decoded);
        } finally {
            Arrays.fill(text, '\0');
            Arrays.fill(ascii, (byte) 0);
            if (decoded != null) {
                Arrays.fill(decoded, (byte) 0);
            }
        }
    }

    private static char[] readKeyField(byte[] body) {
        char[] key = null;
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidFieldException("body", "the request body is invalid: it must be a JSON object"
                        + " with the field 'key'");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!"key".equals(field)) {
                    throw new InvalidFieldException("body", "the request body is invalid: 'key' is its only field");
                }
                if (value != JsonToken.VALUE_STRING) {
                    throw new InvalidFieldException("key", "'key' is invalid: " + KEY_RULE + ", given as a JSON string");
                }
                if (key != null) {
                    Arrays.fill(key, '\0');
                }
                int offset = parser.getTextOffset();
                key = Arrays.copyOfRange(parser.getTextCharacters(), offset, offset + parser.getTextLength());
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new InvalidFieldException("body", "the request body is invalid: it must be one JSON object");
            }
        } catch (IOException e) {
            if (key != null) {
                Arrays.fill(key, '\0');
            }
            throw new InvalidFieldException("body", "the request body is invalid: it is not JSON");
        }
        if (key == null) {
            throw new InvalidFieldException("key", "'key' is missing: " + KEY_RULE);
        }
        return key;
    }

    static Response error(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(code, message)).build();
    }
}
