package ist.aegis.notary.keys.store;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import ist.aegis.notary.KubernetesErrors;
import ist.aegis.notary.keys.RotatingKeyHolder;
import ist.aegis.notary.keys.SigningKeyStoreException;

import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * Keeps the signing keys in the Kubernetes Secret {@value #SECRET_NAME}, shared by every Notary
 * replica. The first write is a create, which fails with 409 when another replica created the Secret
 * first. A rotation is an update conditional on the Secret's resourceVersion, so it fails with 409
 * when another replica rotated first. Needs RBAC to get, create and update that one Secret.
 */
public final class KubernetesSecretKeyHolder extends RotatingKeyHolder {

    /** The Secret's name, in the namespace the Kubernetes client is configured for. */
    public static final String SECRET_NAME = "aegis-notary-signing-key";

    /** The Secret's data key. */
    public static final String DATA_KEY = "keys.json";

    private final KubernetesClient client;
    private final String namespace;

    public KubernetesSecretKeyHolder(KubernetesClient client, String namespace, Clock clock, Duration rotationPeriod,
            Duration retention) {
        super(clock, rotationPeriod, retention);
        this.client = client;
        this.namespace = namespace;
    }

    @Override
    public String describe() {
        return "Kubernetes Secret " + namespace + "/" + SECRET_NAME;
    }

    @Override
    protected Stored read() {
        Secret secret;
        try {
            secret = client.secrets().inNamespace(namespace).withName(SECRET_NAME).get();
        } catch (KubernetesClientException e) {
            throw failed("read", e);
        }
        if (secret == null) {
            return null;
        }
        Map<String, String> data = secret.getData();
        String encoded = data == null ? null : data.get(DATA_KEY);
        if (encoded == null) {
            throw new SigningKeyStoreException("failed to read the signing keys in " + describe() + ": it has no '"
                    + DATA_KEY + "' entry", null);
        }
        try {
            return new Stored(Base64.getDecoder().decode(encoded), secret.getMetadata().getResourceVersion());
        } catch (IllegalArgumentException e) {
            throw new SigningKeyStoreException("failed to read the signing keys in " + describe() + ": '" + DATA_KEY
                    + "' is not base64", null);
        }
    }

    @Override
    protected boolean createIfAbsent(byte[] content) {
        try {
            client.secrets().inNamespace(namespace).resource(secret(content, null)).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return false;
            }
            throw failed("create", e);
        }
    }

    @Override
    protected boolean replaceIfUnchanged(byte[] content, String version) {
        try {
            client.secrets().inNamespace(namespace).resource(secret(content, version)).update();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return false;
            }
            throw failed("update", e);
        }
    }

    private Secret secret(byte[] content, String resourceVersion) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName(SECRET_NAME)
                .withNamespace(namespace)
                .withResourceVersion(resourceVersion)
                .addToLabels("app.kubernetes.io/name", "aegis-notary")
                .addToLabels("app.kubernetes.io/part-of", "aegis")
                .endMetadata()
                .withType("Opaque")
                .addToData(DATA_KEY, Base64.getEncoder().encodeToString(content))
                .build();
    }

    private SigningKeyStoreException failed(String verb, KubernetesClientException e) {
        // The client's message may quote the request body, which contains the private keys.
        String reason = KubernetesErrors.reason(e);
        return new SigningKeyStoreException("failed to " + verb + " " + describe() + ": " + reason, null);
    }
}
