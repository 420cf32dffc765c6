package ist.aegis.common.wire;

import java.util.List;

/** The body of {@code GET /sentinel/v1/secrets}: every entry's metadata, sorted by namespace and workload. */
public record SecretList(List<SecretMetadata> secrets) {
}
