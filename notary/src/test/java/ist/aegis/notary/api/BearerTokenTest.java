package ist.aegis.notary.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ist.aegis.notary.identity.AttestationException;

import org.junit.jupiter.api.Test;

class BearerTokenTest {

    @Test
    void readsToken() {
        assertEquals("eyJhbGciOiJFUzI1NiJ9.e30.c2ln", BearerToken.parse("Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln"));
        assertEquals("abc", BearerToken.parse("bearer abc"));
    }

    @Test
    void rejectsMissingOrMalformed() {
        assertEquals(AttestationException.Check.MISSING_TOKEN, check(null));
        assertEquals(AttestationException.Check.MISSING_TOKEN, check(" "));
        assertEquals(AttestationException.Check.MISSING_TOKEN, check("Bearer "));
        assertEquals(AttestationException.Check.MISSING_TOKEN, check("Basic YWxpY2U6c2VjcmV0"));
        assertEquals(AttestationException.Check.INVALID_TOKEN, check("Bearer a b"));
        assertEquals(AttestationException.Check.INVALID_TOKEN, check("Bearer " + "a".repeat(BearerToken.MAX_LENGTH + 1)));
    }

    @Test
    void messageNeverQuotesToken() {
        AttestationException e = assertThrows(AttestationException.class, () -> BearerToken.parse("Bearer secret\"value"));

        assertEquals("bearer token is invalid: it contains characters that no token contains", e.getMessage());
    }

    private static AttestationException.Check check(String header) {
        return assertThrows(AttestationException.class, () -> BearerToken.parse(header)).check();
    }
}
