package ist.aegis.sentinel;

import io.quarkus.runtime.annotations.RegisterForReflection;
import ist.aegis.common.wire.ErrorBody;
import ist.aegis.common.wire.SecretList;
import ist.aegis.common.wire.SecretMetadata;
import ist.aegis.common.wire.SecretUpsertRequest;

/** Registers the wire records that Jackson (de)serializes, for the native executable. */
@RegisterForReflection(targets = {SecretUpsertRequest.class, SecretMetadata.class, SecretList.class, ErrorBody.class})
final class ReflectionRegistrations {

    private ReflectionRegistrations() {
    }
}
