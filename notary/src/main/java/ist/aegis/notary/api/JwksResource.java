package ist.aegis.notary.api;

import ist.aegis.common.wire.Paths;
import ist.aegis.notary.keys.SigningKey;
import ist.aegis.notary.keys.SigningKeyHolder;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jose4j.json.JsonUtil;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /notary/v1/jwks}: the public signing keys as a JWK Set (RFC 7517), the current key first
 * and then the previous one while tokens it signed may still be valid. Public: no credentials needed.
 */
@Path(Paths.NOTARY_JWKS)
public class JwksResource {

    private final SigningKeyHolder keys;

    @Inject
    JwksResource(SigningKeyHolder keys) {
        this.keys = keys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String jwks() {
        List<Map<String, Object>> published = keys.publishedKeys().stream().map(SigningKey::publicParameters).toList();
        return JsonUtil.toJson(Map.of("keys", published));
    }
}
