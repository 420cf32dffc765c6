package ist.aegis.safe.persistence;

import ist.aegis.safe.crypto.EntryAddress;

import java.util.Map;

/**
 * The outcome of loading a root key: the key's id, how many entries were restored, and each record
 * that was skipped with the reason.
 */
public record RestoreReport(String keyId, int restored, Map<EntryAddress, String> skipped) {

    public RestoreReport {
        skipped = Map.copyOf(skipped);
    }
}
