package ist.aegis.dev;

import ist.aegis.common.identity.SpiffeId;
import ist.aegis.common.identity.SystemComponent;
import ist.aegis.common.tls.Certificates;
import ist.aegis.common.tls.ComponentCertificates;
import ist.aegis.common.tls.Pem;

import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Writes the dev CA, the certificates of Safe, Notary and Sentinel, and the dev attestor key pair
 * into one directory. Each group of files is written only when none of its files exists, so a
 * second run keeps the certificates that running services already use.
 */
@CommandLine.Command(name = "certs", mixinStandardHelpOptions = true,
        description = "Write the dev CA, the three component certificates and the dev attestor key pair;"
                + " files that exist are kept.")
public class CertsCommand implements Callable<Integer> {

    /** Dev certificates outlive any dev session; delete the directory to start over. */
    static final Duration VALIDITY = Duration.ofDays(365);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--dir", required = true, description = "Directory that receives the files.")
    Path directory;

    @CommandLine.Option(names = "--trust-domain", defaultValue = "aegis.ist",
            description = "SPIFFE trust domain of the component certificates (default: ${DEFAULT-VALUE}).")
    String trustDomain;

    @Override
    public Integer call() throws IOException {
        try {
            SpiffeId.system(trustDomain, SystemComponent.SAFE);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--trust-domain '" + trustDomain + "' is invalid: " + e.getMessage());
        }
        Files.createDirectories(directory);

        writeCertificates();
        writeAttestorKeyPair();
        return 0;
    }

    private void writeCertificates() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ComponentCertificates.caPath(directory));
        files.add(directory.resolve("ca.key"));
        for (SystemComponent component : SystemComponent.values()) {
            files.add(ComponentCertificates.certificatePath(directory, component));
            files.add(ComponentCertificates.keyPath(directory, component));
        }
        if (allMissing(files)) {
            ComponentCertificates.writeLocal(directory, trustDomain, VALIDITY);
            out("wrote the dev CA and the certificates of safe, notary and sentinel to " + directory);
            return;
        }
        requireComplete(files, "certificate");

        // Certificates for another trust domain would make every peer check fail later, with a less clear message.
        Path safeCertificate = ComponentCertificates.certificatePath(directory, SystemComponent.SAFE);
        X509Certificate certificate = Pem.readCertificates(safeCertificate).get(0);
        Optional<SpiffeId> id = Certificates.spiffeId(certificate);
        if (id.isPresent() && !id.get().trustDomain().equals(trustDomain)) {
            throw new IllegalStateException("existing certificate " + safeCertificate + " is for trust domain '"
                    + id.get().trustDomain() + "', not '" + trustDomain + "': delete the certificate files in "
                    + directory + " or pass --trust-domain " + id.get().trustDomain());
        }
        out("kept the existing dev CA and certificates in " + directory);
    }

    private void writeAttestorKeyPair() throws IOException {
        Path privateKey = DevFiles.attestorPrivateKey(directory);
        Path publicKey = DevFiles.attestorPublicKey(directory);
        List<Path> files = List.of(privateKey, publicKey);
        if (!allMissing(files)) {
            requireComplete(files, "dev attestor key");
            out("kept the existing dev attestor key pair in " + directory);
            return;
        }

        KeyPair keyPair = newAttestorKeyPair();
        try {
            Pem.write(privateKey, Pem.encode(new JcaPKCS8Generator(keyPair.getPrivate(), null)), true);
        } catch (PemGenerationException e) {
            throw new IllegalStateException("failed to encode the dev attestor private key", e);
        }
        Pem.write(publicKey, Pem.encode(keyPair.getPublic()), false);
        out("wrote the dev attestor key pair " + privateKey + " and " + publicKey);
    }

    private static KeyPair newAttestorKeyPair() {
        try {
            // ES256, the algorithm dev service-account tokens are signed with.
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("failed to generate the dev attestor key pair", e);
        }
    }

    private static boolean allMissing(List<Path> files) {
        return files.stream().noneMatch(Files::exists);
    }

    private void requireComplete(List<Path> files, String what) {
        List<Path> missing = files.stream().filter(file -> !Files.exists(file)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the " + what + " files in " + directory + " are incomplete: "
                    + missing + " missing; delete the others in that group, then run this command again");
        }
    }

    private void out(String line) {
        spec.commandLine().getOut().println(line);
    }
}
