package ist.aegis.notary.attest;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import ist.aegis.notary.KubernetesErrors;
import ist.aegis.notary.identity.AttestationException;
import ist.aegis.notary.identity.AttestationException.Check;
import ist.aegis.notary.identity.AttestedPod;
import ist.aegis.notary.identity.WorkloadIdentity;

import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Attests a projected service-account token with the Kubernetes API: a TokenReview for Notary's
 * audience, then a get of the pod the token is bound to. Successful reviews are cached (see
 * {@link ReviewCache}); the pod is read on every request, so a deleted or replaced pod is rejected at
 * once. Needs RBAC to create {@code tokenreviews} and to get {@code pods}. Thread-safe.
 */
public final class KubernetesAttestor implements Attestor {

    private static final Logger LOG = Logger.getLogger(KubernetesAttestor.class);

    private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";
    // The extra fields that the API server adds for a token bound to a pod (Kubernetes 1.21 and later).
    private static final String POD_NAME_EXTRA = "authentication.kubernetes.io/pod-name";
    private static final String POD_UID_EXTRA = "authentication.kubernetes.io/pod-uid";

    private final KubernetesClient client;
    private final String audience;
    private final ReviewCache cache;
    private final Clock clock;

    public KubernetesAttestor(KubernetesClient client, String audience, int cacheMaxEntries,
            java.time.Duration cacheMaxAge, Clock clock) {
        this.client = client;
        this.audience = audience;
        this.cache = new ReviewCache(cacheMaxEntries, cacheMaxAge, clock);
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "kubernetes";
    }

    @Override
    public AttestedPod attest(String token) {
        // Step 1: the TokenReview, unless a recent one for the same token is cached.
        String digest = TokenDigest.of(token);
        ReviewedToken review = cache.get(digest);
        if (review == null) {
            review = review(token);
            cache.put(digest, review);
        }

        // Step 2: the pod must still exist, be the same pod, and be running.
        Pod pod = getPod(review.namespace(), review.podName());
        String podRef = "'" + review.namespace() + "/" + review.podName() + "'";
        if (pod == null) {
            throw new AttestationException(Check.POD_NOT_FOUND,
                    "pod " + podRef + " that the service-account token is bound to was not found");
        }
        String uid = pod.getMetadata().getUid();
        if (!review.podUid().equals(uid)) {
            throw new AttestationException(Check.UID_MISMATCH,
                    "pod " + podRef + " has uid '" + uid + "', but the service-account token is bound to uid '"
                            + review.podUid() + "'");
        }
        String terminated = terminatedReason(pod);
        if (terminated != null) {
            throw new AttestationException(Check.POD_TERMINATED, "pod " + podRef + " is terminated: " + terminated);
        }

        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String workload = annotations == null ? null : annotations.get(WorkloadIdentity.WORKLOAD_ANNOTATION);
        return new AttestedPod(review.namespace(), review.serviceAccount(), review.podName(), review.podUid(),
                workload, review.tokenExpiresAt());
    }

    private ReviewedToken review(String token) {
        TokenReview request = new TokenReviewBuilder()
                .withNewSpec().withToken(token).withAudiences(audience).endSpec()
                .build();
        TokenReview response;
        try {
            response = client.authentication().v1().tokenReviews().create(request);
        } catch (KubernetesClientException e) {
            throw unavailable("create a TokenReview", e);
        }

        // Step 1a: authenticated, for Notary's audience. The API server's error text is not passed on,
        // because it is meant for operators, not for the caller.
        TokenReviewStatus status = response == null ? null : response.getStatus();
        if (status == null || !Boolean.TRUE.equals(status.getAuthenticated())) {
            String error = status == null ? null : status.getError();
            if (error != null && error.contains("audience")) {
                throw wrongAudience();
            }
            throw new AttestationException(Check.INVALID_TOKEN, "service-account token is invalid or expired");
        }
        // An audience-aware API server returns the audiences it matched; an empty list means the token
        // is only valid for the API server itself.
        List<String> audiences = status.getAudiences();
        if (audiences == null || !audiences.contains(audience)) {
            throw wrongAudience();
        }

        // Step 1b: a service account's token, bound to a pod.
        UserInfo user = status.getUser();
        String username = user == null ? null : user.getUsername();
        if (username == null || !username.startsWith(SERVICE_ACCOUNT_PREFIX)) {
            throw new AttestationException(Check.NOT_SERVICE_ACCOUNT,
                    "bearer token does not belong to a Kubernetes service account");
        }
        String[] parts = username.substring(SERVICE_ACCOUNT_PREFIX.length()).split(":", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new AttestationException(Check.NOT_SERVICE_ACCOUNT,
                    "bearer token does not belong to a Kubernetes service account");
        }
        String podName = extra(user, POD_NAME_EXTRA);
        String podUid = extra(user, POD_UID_EXTRA);
        if (podName == null || podUid == null) {
            throw new AttestationException(Check.NOT_BOUND_TO_POD,
                    "service-account token of '" + parts[0] + "/" + parts[1] + "' is not bound to a pod;"
                            + " mount a projected service-account token with the audience '" + audience + "'");
        }
        return new ReviewedToken(parts[0], parts[1], podName, podUid, JwtExpiry.read(token));
    }

    private Pod getPod(String namespace, String name) {
        try {
            return client.pods().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw unavailable("get pod '" + namespace + "/" + name + "'", e);
        }
    }

    private String terminatedReason(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return "its phase is " + phase;
        }
        // The API server sets the deletion timestamp to the end of the grace period, so a pod that is
        // shutting down keeps its identity until then, as its own service-account token does.
        String deletion = pod.getMetadata().getDeletionTimestamp();
        if (deletion != null && !Instant.parse(deletion).isAfter(clock.instant())) {
            return "it was deleted at " + deletion;
        }
        return null;
    }

    private AttestationException wrongAudience() {
        return new AttestationException(Check.WRONG_AUDIENCE,
                "service-account token has the wrong audience: it must be issued for '" + audience + "'");
    }

    private static String extra(UserInfo user, String key) {
        Map<String, List<String>> extra = user.getExtra();
        List<String> values = extra == null ? null : extra.get(key);
        if (values == null || values.size() != 1 || values.get(0).isEmpty()) {
            return null;
        }
        return values.get(0);
    }

    private static KubernetesUnavailableException unavailable(String action, KubernetesClientException e) {
        // The exception's own message may quote the request, and a TokenReview request contains the token.
        String reason = KubernetesErrors.reason(e);
        LOG.errorf("failed to %s: the Kubernetes API answered %s", action, reason);
        return new KubernetesUnavailableException("failed to " + action + ": the Kubernetes API is unavailable ("
                + reason + ")", null);
    }
}
