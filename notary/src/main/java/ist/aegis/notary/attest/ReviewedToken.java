package ist.aegis.notary.attest;

import java.time.Instant;

/** The outcome of a successful TokenReview: the service account and the pod the token is bound to. */
record ReviewedToken(String namespace, String serviceAccount, String podName, String podUid, Instant tokenExpiresAt) {
}
