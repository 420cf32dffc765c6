package ist.aegis.notary.api;

import ist.aegis.common.wire.ErrorBody;
import ist.aegis.common.wire.TokenResponse;
import ist.aegis.notary.attest.KubernetesUnavailableException;
import ist.aegis.notary.identity.AttestationException;
import ist.aegis.notary.keys.SigningKeyUnavailableException;

import io.quarkus.runtime.annotations.RegisterForReflection;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into a status code with the JSON body {@code {"error", "message"}}. Messages
 * never contain a token, because no exception that reaches here is built from one.
 */
@RegisterForReflection(targets = {ErrorBody.class, TokenResponse.class})
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    // RFC 6750, section 3: a missing token gets the bare challenge, a rejected one names the error.
    private static final String CHALLENGE = "Bearer realm=\"aegis-notary\"";
    private static final String INVALID_TOKEN_CHALLENGE = CHALLENGE + ", error=\"invalid_token\"";

    @ServerExceptionMapper
    public Response attestationFailed(AttestationException e) {
        LOG.infof("Rejected a token request (%s): %s", e.check(), e.getMessage());
        String challenge = e.check() == AttestationException.Check.MISSING_TOKEN ? CHALLENGE : INVALID_TOKEN_CHALLENGE;
        return error(401, ErrorBody.UNAUTHORIZED, e.getMessage())
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .build();
    }

    @ServerExceptionMapper
    public Response kubernetesUnavailable(KubernetesUnavailableException e) {
        // The attestor has logged the cause.
        return error(503, ErrorBody.UNAVAILABLE, e.getMessage())
                .header("Retry-After", "5")
                .build();
    }

    @ServerExceptionMapper
    public Response signingKeyUnavailable(SigningKeyUnavailableException e) {
        LOG.warnf("Rejected a request: %s", e.getMessage());
        return error(503, ErrorBody.NOT_READY, e.getMessage())
                .header("Retry-After", "5")
                .build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        // Routing errors (404, 405, 406, 415): the framework's message names only the path or media type.
        int status = e.getResponse().getStatus();
        String code = status == 404 ? ErrorBody.NOT_FOUND : status >= 500 ? ErrorBody.INTERNAL_ERROR
                : ErrorBody.INVALID_REQUEST;
        return error(status, code, describe(status)).build();
    }

    @ServerExceptionMapper(priority = Priorities.USER + 1000)
    public Response unexpected(RuntimeException e) {
        // Only the type is logged: no exception that reaches here is built from a token, but a library's
        // message could still quote its input.
        LOG.errorf("Failed to handle a request: unexpected %s", e.getClass().getName());
        return error(500, ErrorBody.INTERNAL_ERROR, "internal error: see Notary's log").build();
    }

    private static String describe(int status) {
        return switch (status) {
            case 404 -> "no resource at this path: Notary serves POST /notary/v1/token and GET /notary/v1/jwks";
            case 405 -> "method not allowed: Notary serves POST /notary/v1/token and GET /notary/v1/jwks";
            case 406 -> "not acceptable: Notary answers with application/json only";
            case 415 -> "unsupported media type";
            default -> "request failed with HTTP status " + status;
        };
    }

    private static Response.ResponseBuilder error(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(code, message));
    }
}
