package ist.aegis.safe.api;

import ist.aegis.common.identity.SpiffeId;
import ist.aegis.common.wire.ErrorBody;
import ist.aegis.common.wire.Paths;
import ist.aegis.common.wire.Rfc3339;
import ist.aegis.common.wire.WorkloadSecret;
import ist.aegis.safe.auth.WorkloadTokenVerifier;
import ist.aegis.safe.store.SecretAddress;
import ist.aegis.safe.store.SecretEntry;
import ist.aegis.safe.store.SecretStore;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/**
 * The workload API: a workload reads its own secret with its JWT-SVID as a bearer token. The
 * (namespace, workload) address comes from the verified token only, never from the request.
 */
@Path(Paths.WORKLOAD_SECRETS)
@Produces(MediaType.APPLICATION_JSON)
public class WorkloadResource {

    private static final Logger LOG = Logger.getLogger(WorkloadResource.class);

    private final SecretStore store;
    private final WorkloadTokenVerifier verifier;

    public WorkloadResource(SecretStore store, WorkloadTokenVerifier verifier) {
        this.store = store;
        this.verifier = verifier;
    }

    /** Returns the caller's secret: the value as a string when there is one, an array when there are several. */
    @GET
    public Response read(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        SpiffeId id = verifier.verify(authorization);
        SecretAddress address = new SecretAddress(id.namespace(), id.workloadName());

        Optional<SecretEntry> entry = store.get(address);
        if (entry.isEmpty()) {
            LOG.infof("Secret not found for %s", id);
            return ErrorMappers.error(404, ErrorBody.NOT_FOUND, SentinelResource.notFoundMessage(address));
        }
        SecretEntry found = entry.get();
        List<String> values = found.valuesAsText();
        Object data = values.size() == 1 ? values.get(0) : values;
        LOG.infof("Secret read: workload '%s' in namespace '%s', version %d, by %s", address.workload(),
                address.namespace(), found.version(), id);
        return Response.ok(new WorkloadSecret(data, Rfc3339.format(found.created()), Rfc3339.format(found.updated())))
                .build();
    }
}
