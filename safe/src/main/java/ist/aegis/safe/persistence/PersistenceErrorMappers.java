package ist.aegis.safe.persistence;

import ist.aegis.common.wire.ErrorBody;
import ist.aegis.safe.crypto.RootKeyNotLoadedException;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps persistence failures that reach a resource to 503, with the {@link ErrorBody} JSON. */
public class PersistenceErrorMappers {

    private static final Logger LOG = Logger.getLogger(PersistenceErrorMappers.class);

    @ServerExceptionMapper
    public Response rootKeyNotLoaded(RootKeyNotLoadedException e) {
        return RootKeyResource.error(503, ErrorBody.NOT_READY, e.getMessage());
    }

    @ServerExceptionMapper
    public Response backingStoreFailed(BackingStoreException e) {
        LOG.errorf("Rejected a change with status 503 because the backing store failed: %s", e.getMessage());
        return RootKeyResource.error(503, ErrorBody.UNAVAILABLE,
                "the change was not stored, because the backing store failed: try again, and see Safe's log");
    }
}
