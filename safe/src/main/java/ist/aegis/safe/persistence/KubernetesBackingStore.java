package ist.aegis.safe.persistence;

import ist.aegis.common.validation.Dns1123;
import ist.aegis.safe.crypto.EntryAddress;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

import org.jboss.logging.Logger;

/**
 * Keeps one Kubernetes Secret per entry in Safe's own namespace, so the cluster's API server and
 * etcd provide durability. Each Secret holds only the sealed record, under the data key
 * {@value #RECORD_KEY}. It is named {@code aegis-entry-} followed by the hex SHA-256 of
 * {@code <namespace>/<workload>}, which is deterministic, free of collisions in practice and a
 * valid object name for any address. Labels mark it as Aegis's and carry the address in clear,
 * because the address is no secret.
 *
 * <p>Size: a Secret can contain at most 1 MiB. Safe limits an entry to 512 KiB of values, so its
 * record (values, 4 bytes per value, 86 bytes of header, nonce and tag) and the base64 of it
 * stay well below that limit.
 *
 * <p>Thread-safe: the fabric8 client is thread-safe, and each write is one create or update call.
 */
public final class KubernetesBackingStore implements BackingStore {

    /** Name prefix of entry Secrets. */
    public static final String ENTRY_PREFIX = "aegis-entry-";

    /** Name of the key check Secret. */
    public static final String KEY_CHECK_NAME = "aegis-safe-key-check";

    /** The data key that contains a sealed record. */
    public static final String RECORD_KEY = "record";

    /** Label that marks what an Aegis Secret contains: {@code entry} or {@code key-check}. */
    public static final String RECORD_LABEL = "aegis.ist/record";

    /** Label with the entry's namespace. */
    public static final String NAMESPACE_LABEL = "aegis.ist/namespace";

    /** Label with the entry's workload. */
    public static final String WORKLOAD_LABEL = "aegis.ist/workload";

    private static final Logger LOG = Logger.getLogger(KubernetesBackingStore.class);
    private static final Map<String, String> AEGIS_LABELS = Map.of(
            "app.kubernetes.io/part-of", "aegis",
            "app.kubernetes.io/managed-by", "aegis-safe");
    private static final long PAGE_SIZE = 500;
    private static final int HTTP_CONFLICT = 409;
    private static final int MAX_WRITE_ATTEMPTS = 20;
    private static final long MAX_CONFLICT_PAUSE_MS = 50;

    private final KubernetesClient client;
    private final String namespace;

    /**
     * @param namespace Safe's own namespace, where the Secrets are kept
     */
    public KubernetesBackingStore(KubernetesClient client, String namespace) {
        Dns1123.requireLabel("safe namespace", namespace);
        this.client = client;
        this.namespace = namespace;
    }

    @Override
    public String kind() {
        return "kubernetes";
    }

    @Override
    public String location() {
        return "Secrets in namespace " + namespace;
    }

    /** Returns the name of the Secret that contains the record for {@code address}. */
    public static String secretName(EntryAddress address) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((address.namespace() + "/" + address.workload()).getBytes(StandardCharsets.US_ASCII));
            return ENTRY_PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    @Override
    public void write(EntryAddress address, byte[] record) {
        String name = secretName(address);
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels(AEGIS_LABELS)
                .addToLabels(RECORD_LABEL, "entry")
                .addToLabels(NAMESPACE_LABEL, address.namespace())
                .addToLabels(WORKLOAD_LABEL, address.workload())
                .endMetadata()
                .withType("Opaque")
                .addToData(RECORD_KEY, Base64.getEncoder().encodeToString(record))
                .build();
        try {
            createOrUpdate(secret);
        } catch (KubernetesClientException e) {
            throw new BackingStoreException("failed to write the record for " + address + " to Secret " + namespace + "/"
                    + name + ": " + describe(e), e);
        }
    }

    @Override
    public Optional<byte[]> read(EntryAddress address) {
        return readSecret(secretName(address), "the record for " + address);
    }

    @Override
    public boolean delete(EntryAddress address) {
        String name = secretName(address);
        try {
            return !client.secrets().inNamespace(namespace).withName(name).delete().isEmpty();
        } catch (KubernetesClientException e) {
            throw new BackingStoreException("failed to delete the record for " + address + " from Secret " + namespace
                    + "/" + name + ": " + describe(e), e);
        }
    }

    @Override
    public List<EntryAddress> list() {
        List<EntryAddress> addresses = new ArrayList<>();
        forEachEntrySecret((address, secret) -> addresses.add(address));
        return addresses;
    }

    @Override
    public void readAll(BiConsumer<EntryAddress, byte[]> consumer) {
        forEachEntrySecret((address, secret) -> {
            byte[] record = recordOf(secret);
            if (record == null) {
                LOG.warnf("Skipping Secret %s/%s: it has no '%s' data", namespace, secret.getMetadata().getName(),
                        RECORD_KEY);
                return;
            }
            consumer.accept(address, record);
        });
    }

    @Override
    public Optional<byte[]> readKeyCheck() {
        return readSecret(KEY_CHECK_NAME, "the key check record");
    }

    @Override
    public void writeKeyCheck(byte[] record) {
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName(KEY_CHECK_NAME)
                .withNamespace(namespace)
                .addToLabels(AEGIS_LABELS)
                .addToLabels(RECORD_LABEL, "key-check")
                .endMetadata()
                .withType("Opaque")
                .addToData(RECORD_KEY, Base64.getEncoder().encodeToString(record))
                .build();
        try {
            createOrUpdate(secret);
        } catch (KubernetesClientException e) {
            throw new BackingStoreException("failed to write the key check record to Secret " + namespace + "/"
                    + KEY_CHECK_NAME + ": " + describe(e), e);
        }
    }

    /**
     * Creates the Secret, or updates it when it exists. A concurrent write to the same Secret makes
     * the create or the update fail with 409 Conflict, so the write is retried after a short random
     * pause that grows with each attempt (at most {@value #MAX_CONFLICT_PAUSE_MS} ms), at most
     * {@value #MAX_WRITE_ATTEMPTS} times. Safe's store already serializes writes to one address, so
     * conflicts come from another writer of the same Secret, such as an old pod still shutting down.
     */
    private void createOrUpdate(Secret secret) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.secrets().inNamespace(namespace).resource(secret).createOr(NonDeletingOperation::update);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HTTP_CONFLICT || attempt >= MAX_WRITE_ATTEMPTS) {
                    throw e;
                }
                LOG.debugf("Retrying the write of Secret %s/%s after a conflict (attempt %d of %d)", namespace,
                        secret.getMetadata().getName(), attempt, MAX_WRITE_ATTEMPTS);
                pauseAfterConflict(attempt, e);
            }
        }
    }

    private static void pauseAfterConflict(int attempt, KubernetesClientException conflict) {
        // Random pauses keep racing writers from colliding again in lockstep.
        long pauseMs = ThreadLocalRandom.current().nextLong(1, Math.min(MAX_CONFLICT_PAUSE_MS, 5L * attempt) + 1);
        try {
            Thread.sleep(pauseMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw conflict;
        }
    }

    private void forEachEntrySecret(BiConsumer<EntryAddress, Secret> visitor) {
        String continueToken = null;
        // Page through the list so that 100,000 entries never arrive in one response.
        do {
            SecretList page;
            try {
                page = client.secrets().inNamespace(namespace).withLabel(RECORD_LABEL, "entry")
                        .list(new ListOptionsBuilder().withLimit(PAGE_SIZE).withContinue(continueToken).build());
            } catch (KubernetesClientException e) {
                throw new BackingStoreException("failed to list the entry Secrets in namespace " + namespace + ": "
                        + describe(e), e);
            }
            for (Secret secret : page.getItems()) {
                EntryAddress address = addressOf(secret);
                if (address != null) {
                    visitor.accept(address, secret);
                }
            }
            continueToken = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (continueToken != null && !continueToken.isEmpty());
    }

    /** Reads the address from a Secret's labels, and checks that the Secret's name matches it. */
    private EntryAddress addressOf(Secret secret) {
        String name = secret.getMetadata().getName();
        Map<String, String> labels = secret.getMetadata().getLabels();
        String entryNamespace = labels == null ? null : labels.get(NAMESPACE_LABEL);
        String entryWorkload = labels == null ? null : labels.get(WORKLOAD_LABEL);
        if (!Dns1123.isLabel(entryNamespace) || !Dns1123.isLabel(entryWorkload)) {
            LOG.warnf("Skipping Secret %s/%s: its labels %s and %s are missing or invalid", namespace, name,
                    NAMESPACE_LABEL, WORKLOAD_LABEL);
            return null;
        }
        EntryAddress address = new EntryAddress(entryNamespace, entryWorkload);
        if (!secretName(address).equals(name)) {
            LOG.warnf("Skipping Secret %s/%s: its labels name the entry %s, whose Secret is %s", namespace, name,
                    address, secretName(address));
            return null;
        }
        return address;
    }

    private Optional<byte[]> readSecret(String name, String description) {
        Secret secret;
        try {
            secret = client.secrets().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw new BackingStoreException("failed to read " + description + " from Secret " + namespace + "/" + name
                    + ": " + describe(e), e);
        }
        return secret == null ? Optional.empty() : Optional.ofNullable(recordOf(secret));
    }

    private static byte[] recordOf(Secret secret) {
        String encoded = secret.getData() == null ? null : secret.getData().get(RECORD_KEY);
        if (encoded == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            // Not base64: hand over bytes that will fail authentication, so the caller logs the record by name.
            return new byte[0];
        }
    }

    /** Returns the HTTP status and the API server's reason, or the connection error; never a request body. */
    static String describe(KubernetesClientException e) {
        if (e.getCode() <= 0) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        String reason = e.getStatus() == null ? null : e.getStatus().getReason();
        return "HTTP " + e.getCode() + (reason == null ? "" : " " + reason);
    }
}
