package ist.aegis.common.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class DevServiceAccountTokenTest {

    private static final DevServiceAccountToken.Claims POD = new DevServiceAccountToken.Claims("team-a", "billing",
            "billing-dev", "0b6c7a52-4c1e-4a57-9d53-2b1c1f3b9a10", "invoices", null);

    @Test
    void roundTripsPodClaims() throws Exception {
        KeyPair keys = keyPair();
        String token = DevServiceAccountToken.issue(keys.getPrivate(), "aegis-notary", POD, Duration.ofMinutes(10));
        DevServiceAccountToken.Claims claims = DevServiceAccountToken.verify(keys.getPublic(), "aegis-notary", token);
        assertEquals("team-a", claims.namespace());
        assertEquals("billing", claims.serviceAccount());
        assertEquals("billing-dev", claims.podName());
        assertEquals(POD.podUid(), claims.podUid());
        assertEquals("invoices", claims.workloadAnnotation());
    }

    @Test
    void absentAnnotationIsNull() throws Exception {
        KeyPair keys = keyPair();
        var pod = new DevServiceAccountToken.Claims("team-a", "billing", "billing-dev", "uid-1", null, null);
        String token = DevServiceAccountToken.issue(keys.getPrivate(), "aegis-notary", pod, Duration.ofMinutes(10));
        assertNull(DevServiceAccountToken.verify(keys.getPublic(), "aegis-notary", token).workloadAnnotation());
    }

    @Test
    void rejectsOtherKeyAudienceAndExpiry() throws Exception {
        KeyPair keys = keyPair();
        String token = DevServiceAccountToken.issue(keys.getPrivate(), "aegis-notary", POD, Duration.ofMinutes(10));

        var wrongKey = assertThrows(DevServiceAccountToken.InvalidDevTokenException.class,
                () -> DevServiceAccountToken.verify(keyPair().getPublic(), "aegis-notary", token));
        assertEquals("dev service-account token has an invalid signature", wrongKey.getMessage());

        var wrongAudience = assertThrows(DevServiceAccountToken.InvalidDevTokenException.class,
                () -> DevServiceAccountToken.verify(keys.getPublic(), "other", token));
        assertEquals("dev service-account token has the wrong audience", wrongAudience.getMessage());

        String expired = DevServiceAccountToken.issue(keys.getPrivate(), "aegis-notary", POD, Duration.ofMinutes(-5));
        var expiredError = assertThrows(DevServiceAccountToken.InvalidDevTokenException.class,
                () -> DevServiceAccountToken.verify(keys.getPublic(), "aegis-notary", expired));
        assertEquals("dev service-account token has expired", expiredError.getMessage());
    }

    @Test
    void rejectsMalformedToken() throws Exception {
        var e = assertThrows(DevServiceAccountToken.InvalidDevTokenException.class,
                () -> DevServiceAccountToken.verify(keyPair().getPublic(), "aegis-notary", "garbage"));
        assertEquals("dev service-account token is malformed: it must be a signed JWT in compact form", e.getMessage());
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
