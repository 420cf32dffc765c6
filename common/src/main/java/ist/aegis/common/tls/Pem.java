package ist.aegis.common.tls;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes PEM files: X.509 certificates, and private keys in PKCS#8, SEC 1 ("EC PRIVATE
 * KEY") or PKCS#1 form. Error messages name the file, never its contents.
 */
public final class Pem {

    private Pem() {
    }

    /**
     * Reads every certificate in a PEM file, in file order.
     *
     * @throws IOException when the file cannot be read or contains no certificate
     */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        return parseCertificates(readText(file), "file " + file);
    }

    /**
     * Parses every certificate in PEM text, in order, such as the text of a Kubernetes Secret.
     *
     * @param source where the text came from, for error messages, such as {@code file /etc/aegis/tls/ca.crt}
     * @throws IOException when the text contains no certificate or an invalid one
     */
    public static List<X509Certificate> parseCertificates(String pem, String source) throws IOException {
        try (InputStream in = new ByteArrayInputStream(pem.getBytes(StandardCharsets.ISO_8859_1))) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> certificates = new ArrayList<>();
            for (var certificate : factory.generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new IOException(source + " contains no PEM certificate");
            }
            return certificates;
        } catch (CertificateException e) {
            throw new IOException(source + " contains an invalid certificate: " + e.getClass().getSimpleName(), null);
        }
    }

    /**
     * Reads the first private key in a PEM file.
     *
     * @throws IOException when the file cannot be read or contains no supported private key
     */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return parsePrivateKey(readText(file), "file " + file);
    }

    /**
     * Parses the first private key (PKCS#8, SEC 1 or PKCS#1) in PEM text.
     *
     * @param source where the text came from, for error messages, such as a file path
     * @throws IOException when the text contains no supported private key
     */
    public static PrivateKey parsePrivateKey(String pem, String source) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
            }
        } catch (IOException e) {
            // The parser's own message may quote the key text, so only its type is kept.
            throw new IOException(source + " contains an invalid private key: " + e.getClass().getSimpleName(), null);
        }
        throw new IOException(source + " contains no PEM private key");
    }

    private static String readText(Path file) throws IOException {
        // ISO-8859-1 maps every byte to one char, so no input can fail to decode. A missing or
        // unreadable file raises the JDK's own exception (NoSuchFileException and so on), which
        // callers map to their messages.
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads the first public key (a "PUBLIC KEY" block, SubjectPublicKeyInfo) in a PEM file.
     *
     * @throws IOException when the file cannot be read or contains no public key
     */
    public static PublicKey readPublicKey(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof SubjectPublicKeyInfo info) {
                    return new JcaPEMKeyConverter().getPublicKey(info);
                }
            }
        }
        throw new IOException("file " + file + " contains no PEM public key");
    }

    /** Encodes certificates, keys or other objects BouncyCastle can write as one PEM text. */
    public static String encode(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new IllegalStateException("failed to encode PEM", e);
        }
        return text.toString();
    }

    /**
     * Writes a PEM file atomically. Private keys belong in files written with {@code ownerOnly}
     * true, which creates them with mode 0600 before any byte is written.
     */
    public static void write(Path file, String pem, boolean ownerOnly) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(ownerOnly ? "rw-------" : "rw-r--r--")));
        try {
            Files.writeString(temporary, pem, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
