package ist.aegis.safe.auth;

import java.io.IOException;

/** Fetches the current JSON Web Key Set document of the token issuer. Implementations do the I/O. */
@FunctionalInterface
public interface JwksSource {

    /**
     * Fetches the JWKS document as JSON text.
     *
     * @throws IOException when the document cannot be fetched, such as a connection failure or a
     *         status other than 200
     */
    String fetch() throws IOException;
}
