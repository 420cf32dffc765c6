package ist.aegis.notary.attest;

import ist.aegis.common.dev.DevServiceAccountToken;
import ist.aegis.notary.identity.AttestationException;
import ist.aegis.notary.identity.AttestationException.Check;
import ist.aegis.notary.identity.AttestedPod;

import java.security.PublicKey;

/**
 * For development only: attests dev service-account tokens, which the dev launcher signs, in place of
 * a Kubernetes TokenReview. The pod comes from the token's claims, because in dev mode no pod object
 * exists. {@link AttestorProducer} builds this class only when {@code notary.dev-attestor.enabled} is
 * true; it is not a CDI bean, so nothing can reach it otherwise. Thread-safe.
 */
public final class DevAttestor implements Attestor {

    private final PublicKey publicKey;
    private final String audience;

    public DevAttestor(PublicKey publicKey, String audience) {
        this.publicKey = publicKey;
        this.audience = audience;
    }

    @Override
    public String kind() {
        return "dev";
    }

    @Override
    public AttestedPod attest(String token) {
        DevServiceAccountToken.Claims claims;
        try {
            claims = DevServiceAccountToken.verify(publicKey, audience, token);
        } catch (DevServiceAccountToken.InvalidDevTokenException e) {
            // The message names the failed check and never contains the token.
            Check check = e.getMessage().contains("audience") ? Check.WRONG_AUDIENCE : Check.INVALID_TOKEN;
            throw new AttestationException(check, e.getMessage());
        }
        return new AttestedPod(claims.namespace(), claims.serviceAccount(), claims.podName(), claims.podUid(),
                claims.workloadAnnotation(), claims.expiresAt());
    }
}
