package ist.aegis.safe.persistence;

import ist.aegis.common.wire.ErrorBody;
import ist.aegis.common.wire.Paths;
import ist.aegis.safe.crypto.RootKeyNotLoadedException;
import ist.aegis.safe.crypto.RootKeySlot;

import io.vertx.core.http.HttpServerRequest;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Returns 503 on the data routes until the root key is loaded, because until then the store is
 * empty or incomplete and a read would wrongly return "not found". It runs after the Sentinel
 * certificate check, so a caller without a valid certificate still gets 401 or 403 first. The
 * workload API checks its token inside the resource, after this gate, so there any caller gets the
 * 503; it reveals only that Safe is waiting for its key. The root key route stays open.
 */
public class DataRouteGate {

    private final RootKeySlot slot;

    public DataRouteGate(RootKeySlot slot) {
        this.slot = slot;
    }

    /** Returns a 503 response while no root key is loaded, or {@code null} to let the request through. */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 100)
    public Response requireRootKey(HttpServerRequest request) {
        if (slot.isLoaded() || !isDataRoute(request.path())) {
            return null;
        }
        return RootKeyResource.error(503, ErrorBody.NOT_READY, new RootKeyNotLoadedException().getMessage());
    }

    static boolean isDataRoute(String path) {
        return path.startsWith(Paths.SENTINEL_SECRETS) || path.startsWith(Paths.WORKLOAD_SECRETS);
    }
}
