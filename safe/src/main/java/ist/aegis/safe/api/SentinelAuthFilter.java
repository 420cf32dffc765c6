package ist.aegis.safe.api;

import ist.aegis.common.wire.ErrorBody;
import ist.aegis.safe.auth.SentinelCertificateCheck;

import io.vertx.core.http.HttpServerRequest;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.security.cert.Certificate;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Lets only the Sentinel's client certificate reach resources marked {@link SentinelApi}. It reads
 * the peer certificate from the connection's TLS session itself instead of using a Quarkus
 * authentication mechanism. The workload API on the same server authenticates with bearer tokens,
 * and two mechanisms of equal priority would pick the identity at random.
 */
public class SentinelAuthFilter {

    private static final Logger LOG = Logger.getLogger(SentinelAuthFilter.class);

    private final SentinelCertificateCheck check;

    public SentinelAuthFilter(SentinelCertificateCheck check) {
        this.check = check;
    }

    /** Returns a 401 or 403 response to end the request, or {@code null} to let it through. */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Response authenticate(HttpServerRequest request, ResourceInfo resource) {
        Class<?> resourceClass = resource.getResourceClass();
        if (resourceClass == null || !resourceClass.isAnnotationPresent(SentinelApi.class)) {
            return null;
        }
        SentinelCertificateCheck.Decision decision = check.check(peerChain(request.sslSession()));
        if (decision.allowed()) {
            return null;
        }
        LOG.infof("Rejected Sentinel API request %s %s with status %d: %s", request.method(), request.path(),
                decision.status(), decision.message());
        String code = decision.status() == 401 ? ErrorBody.UNAUTHORIZED : ErrorBody.FORBIDDEN;
        return Response.status(decision.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(code, decision.message()))
                .build();
    }

    private static Certificate[] peerChain(SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            return session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}
