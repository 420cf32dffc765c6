package ist.aegis.common.tls;

import ist.aegis.common.identity.SpiffeId;
import ist.aegis.common.identity.SystemComponent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Writes a CA and one certificate per Aegis service into a directory, in the layout that dev mode
 * and tests use: {@code ca.crt}, and {@code <component>.crt} with {@code <component>.key} (mode 0600)
 * for safe, notary and sentinel. The certificates are valid for {@code localhost} and {@code 127.0.0.1}.
 */
public final class ComponentCertificates {

    private ComponentCertificates() {
    }

    /** Writes the CA and the three component certificates; returns the CA so callers can issue more. */
    public static IssuedCertificate writeLocal(Path directory, String trustDomain, Duration validity) throws IOException {
        IssuedCertificate ca = CertificateIssuer.newCa("Aegis local CA", validity);
        Pem.write(caPath(directory), ca.certificatePem(), false);
        Pem.write(directory.resolve("ca.key"), ca.privateKeyPem(), true);
        for (SystemComponent component : SystemComponent.values()) {
            IssuedCertificate issued = CertificateIssuer.issue(ca, SpiffeId.system(trustDomain, component),
                    List.of("localhost"), List.of("127.0.0.1"), validity);
            Pem.write(certificatePath(directory, component), issued.certificatePem(), false);
            Pem.write(keyPath(directory, component), issued.privateKeyPem(), true);
        }
        return ca;
    }

    public static Path caPath(Path directory) {
        return directory.resolve("ca.crt");
    }

    public static Path certificatePath(Path directory, SystemComponent component) {
        return directory.resolve(component.pathName() + ".crt");
    }

    public static Path keyPath(Path directory, SystemComponent component) {
        return directory.resolve(component.pathName() + ".key");
    }
}
