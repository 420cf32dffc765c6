package ist.aegis.safe.api;

import ist.aegis.common.validation.Dns1123;
import ist.aegis.common.wire.ErrorBody;
import ist.aegis.common.wire.Paths;
import ist.aegis.common.wire.Rfc3339;
import ist.aegis.common.wire.SecretList;
import ist.aegis.common.wire.SecretMetadata;
import ist.aegis.common.wire.SecretUpsertRequest;
import ist.aegis.safe.store.SecretAddress;
import ist.aegis.safe.store.SecretEntry;
import ist.aegis.safe.store.SecretStore;
import ist.aegis.safe.store.SecretValues;
import ist.aegis.safe.store.StoreChange;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The Sentinel API: store, list and delete entries. Only the Sentinel's certificate reaches it. */
@SentinelApi
@Path(Paths.SENTINEL_SECRETS)
@Produces(MediaType.APPLICATION_JSON)
public class SentinelResource {

    private static final Logger LOG = Logger.getLogger(SentinelResource.class);

    private final SecretStore store;
    private final UpsertRequestReader reader = new UpsertRequestReader();

    public SentinelResource(SecretStore store) {
        this.store = store;
    }

    /** Stores a value, replacing the entry's values or appending to them, and returns the entry's metadata. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public SecretMetadata upsert(byte[] body) {
        SecretUpsertRequest request = null;
        byte[] value = null;
        try {
            // Parse and validate everything before the store is called.
            request = reader.read(body);
            Dns1123.requireLabel("workload", request.workload());
            Dns1123.requireLabel("namespace", request.namespace());
            value = SecretValues.encode("value", request.value(), store.limits());

            SecretAddress address = new SecretAddress(request.namespace(), request.workload());
            StoreChange change = store.put(address, value, request.isAppend());
            SecretEntry entry = change.entry();
            LOG.infof("Secret %s: workload '%s' in namespace '%s', version %d, %d value(s)", change.action().label(),
                    address.workload(), address.namespace(), entry.version(), entry.valueCount());
            return metadata(entry);
        } finally {
            // Overwrite every copy of the value that this request made.
            Arrays.fill(body, (byte) 0);
            if (request != null && request.value() != null) {
                Arrays.fill(request.value(), '\0');
            }
            if (value != null) {
                Arrays.fill(value, (byte) 0);
            }
        }
    }

    /** Lists every entry's metadata across all namespaces; never a value. */
    @GET
    public SecretList list() {
        List<SecretMetadata> secrets = store.list().stream().map(SentinelResource::metadata).toList();
        return new SecretList(secrets);
    }

    /** Deletes an entry: 200 with a confirmation, 404 when there is none. */
    @DELETE
    public Response delete(@QueryParam("workload") String workload, @QueryParam("namespace") String namespace) {
        Dns1123.requireLabel("workload", workload);
        Dns1123.requireLabel("namespace", namespace);
        SecretAddress address = new SecretAddress(namespace, workload);

        Optional<StoreChange> change = store.delete(address);
        if (change.isEmpty()) {
            return Response.status(Response.Status.NOT_FOUND)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorBody(ErrorBody.NOT_FOUND, notFoundMessage(address)))
                    .build();
        }
        LOG.infof("Secret deleted: workload '%s' in namespace '%s'", workload, namespace);
        return Response.ok(new DeleteResult(workload, namespace, true)).build();
    }

    /** The body of a successful delete. */
    public record DeleteResult(String workload, String namespace, boolean deleted) {
    }

    static String notFoundMessage(SecretAddress address) {
        return "no secret is registered for workload '" + address.workload() + "' in namespace '"
                + address.namespace() + "'";
    }

    private static SecretMetadata metadata(SecretEntry entry) {
        return new SecretMetadata(entry.address().workload(), entry.address().namespace(), entry.valueCount(),
                Rfc3339.format(entry.created()), Rfc3339.format(entry.updated()), entry.version());
    }
}
