package ist.aegis.notary;

import ist.aegis.notary.keys.SigningKeyHolder;
import ist.aegis.notary.keys.SigningKeyUnavailableException;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Notary is ready once a signing key is loaded. */
@Readiness
@Singleton
public class SigningKeyReadiness implements HealthCheck {

    private final SigningKeyHolder keys;

    SigningKeyReadiness(SigningKeyHolder keys) {
        this.keys = keys;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            return HealthCheckResponse.named("signing-key").withData("kid", keys.keyRing().current().keyId()).up().build();
        } catch (SigningKeyUnavailableException e) {
            return HealthCheckResponse.named("signing-key").down().build();
        }
    }
}
