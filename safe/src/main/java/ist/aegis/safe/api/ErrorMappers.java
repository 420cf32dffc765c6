package ist.aegis.safe.api;

import ist.aegis.common.validation.InvalidFieldException;
import ist.aegis.common.wire.ErrorBody;
import ist.aegis.safe.auth.JwksUnavailableException;
import ist.aegis.safe.auth.TokenRejectedException;
import ist.aegis.safe.store.SizeLimitException;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into a status with the {@link ErrorBody} JSON. Messages of
 * {@link InvalidFieldException} name the field and rule and never contain the rejected value, so they
 * are logged and returned as they are.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response sizeLimit(SizeLimitException e) {
        LOG.infof("Rejected request with status 413: %s", e.getMessage());
        return error(413, ErrorBody.PAYLOAD_TOO_LARGE, e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalidField(InvalidFieldException e) {
        LOG.infof("Rejected request with status 400: %s", e.getMessage());
        return error(400, ErrorBody.INVALID_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response tokenRejected(TokenRejectedException e) {
        LOG.infof("Rejected workload request with status %d: %s", e.status(), e.getMessage());
        if (e.status() == 403) {
            return error(403, ErrorBody.FORBIDDEN, e.getMessage());
        }
        // RFC 6750: a request without a token gets the bare challenge, a bad token the error code.
        String challenge = e.tokenPresent() ? "Bearer error=\"invalid_token\"" : "Bearer";
        return Response.fromResponse(error(401, ErrorBody.UNAUTHORIZED, e.getMessage()))
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .build();
    }

    @ServerExceptionMapper
    public Response jwksUnavailable(JwksUnavailableException e) {
        LOG.warnf("Rejected workload request with status 503: %s", e.getMessage());
        return error(503, ErrorBody.UNAVAILABLE, "failed to fetch Notary's signing keys, so the token cannot be"
                + " verified now: retry later");
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return error(404, ErrorBody.NOT_FOUND, "no resource at this path: Safe serves " + pathsHint());
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return error(405, ErrorBody.INVALID_REQUEST, "the HTTP method is not allowed on this path: "
                + ist.aegis.common.wire.Paths.SENTINEL_SECRETS + " accepts GET, POST and DELETE, and "
                + ist.aegis.common.wire.Paths.WORKLOAD_SECRETS + " accepts GET");
    }

    @ServerExceptionMapper
    public Response notSupported(NotSupportedException e) {
        return error(415, ErrorBody.INVALID_REQUEST,
                "'Content-Type' is invalid: the request body must be application/json");
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String code = status >= 500 ? ErrorBody.INTERNAL_ERROR : ErrorBody.INVALID_REQUEST;
        return error(status, code, "the request failed with HTTP status " + status);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        // The class only: a message from a library might echo input.
        LOG.errorf("Failed to process request: %s", e.getClass().getName());
        return error(500, ErrorBody.INTERNAL_ERROR, "failed to process the request: see Safe's log");
    }

    static Response error(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(code, message)).build();
    }

    static String pathsHint() {
        return ist.aegis.common.wire.Paths.SENTINEL_SECRETS + " and " + ist.aegis.common.wire.Paths.WORKLOAD_SECRETS;
    }
}
