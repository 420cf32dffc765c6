package ist.aegis.safe.persistence;

import ist.aegis.safe.crypto.RootKey;

import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import org.jboss.logging.Logger;

/**
 * Keeps the root key in a Kubernetes Secret in Safe's namespace, under the data key
 * {@value #KEY_FIELD} as 32 raw bytes. {@code kubectl get secret <name> -o jsonpath='{.data.key}'}
 * therefore prints the base64 form that {@code aegis --root-key -} reads.
 *
 * <p>Creation is a plain create, which the API server rejects with 409 Conflict when the Secret
 * exists, so a key is never replaced.
 */
public final class KubernetesRootKeyHolder implements RootKeyHolder {

    /** The data key that contains the root key. */
    public static final String KEY_FIELD = "key";

    private static final Logger LOG = Logger.getLogger(KubernetesRootKeyHolder.class);
    private static final int HTTP_CONFLICT = 409;

    private final KubernetesClient client;
    private final String namespace;
    private final String name;

    public KubernetesRootKeyHolder(KubernetesClient client, String namespace, String name) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
    }

    @Override
    public String location() {
        return "Secret " + namespace + "/" + name;
    }

    @Override
    public Optional<RootKey> read() {
        Secret secret;
        try {
            secret = client.secrets().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("failed to read the root key from " + location() + ": "
                    + KubernetesBackingStore.describe(e), e);
        }
        if (secret == null) {
            return Optional.empty();
        }
        String encoded = secret.getData() == null ? null : secret.getData().get(KEY_FIELD);
        if (encoded == null) {
            throw new IllegalStateException("the root key " + location() + " is invalid: it has no '" + KEY_FIELD
                    + "' data");
        }
        byte[] key = null;
        try {
            key = Base64.getDecoder().decode(encoded.trim());
            if (key.length != RootKey.LENGTH) {
                throw new IllegalStateException("the root key " + location() + " is invalid: its '" + KEY_FIELD
                        + "' data is " + key.length + " bytes long, and a root key is " + RootKey.LENGTH + " bytes");
            }
            return Optional.of(RootKey.of(key));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the root key " + location() + " is invalid: its '" + KEY_FIELD
                    + "' data is not base64");
        } finally {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    @Override
    public RootKey createIfAbsent(RootKey candidate) {
        byte[] key = candidate.encoded();
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels(Map.of(
                        "app.kubernetes.io/part-of", "aegis",
                        "app.kubernetes.io/managed-by", "aegis-safe",
                        KubernetesBackingStore.RECORD_LABEL, "root-key"))
                .endMetadata()
                .withType("Opaque")
                .addToData(KEY_FIELD, Base64.getEncoder().encodeToString(key))
                .build();
        Arrays.fill(key, (byte) 0);
        try {
            client.secrets().inNamespace(namespace).resource(secret).create();
            return candidate;
        } catch (KubernetesClientException e) {
            if (e.getCode() != HTTP_CONFLICT) {
                throw new IllegalStateException("failed to create the root key " + location() + ": "
                        + KubernetesBackingStore.describe(e), e);
            }
        }
        LOG.infof("The root key %s already exists, so Safe uses the key in it", location());
        return read().orElseThrow(() -> new IllegalStateException("the root key " + location()
                + " was deleted while Safe was creating it"));
    }
}
