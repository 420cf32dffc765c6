package ist.aegis.dev;

import java.nio.file.Path;

/** The names of the dev-mode files that are not TLS material, inside the state directory. */
final class DevFiles {

    /** The private key that signs dev service-account tokens (PKCS#8 PEM, mode 0600). */
    static final String ATTESTOR_PRIVATE_KEY = "dev-attestor.key";

    /** The public half of the dev attestor key, which Notary's dev attestor verifies tokens with. */
    static final String ATTESTOR_PUBLIC_KEY = "dev-attestor.pub";

    private DevFiles() {
    }

    static Path attestorPrivateKey(Path directory) {
        return directory.resolve(ATTESTOR_PRIVATE_KEY);
    }

    static Path attestorPublicKey(Path directory) {
        return directory.resolve(ATTESTOR_PUBLIC_KEY);
    }
}
