package ist.aegis.common.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds TLS client contexts from PEM files, trusting only the given CA bundle. */
public final class TlsContexts {

    /** TLS 1.3 first, with 1.2 allowed. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    /**
     * Builds a context that trusts only the certificates in {@code caBundle} and, when
     * {@code certificate} and {@code key} are given, presents that certificate chain.
     */
    public static SSLContext client(Path caBundle, Path certificate, Path key) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            KeyManagerFactory keyManagers = null;
            if (certificate != null && key != null) {
                keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(keyStore(Pem.readCertificates(certificate), Pem.readPrivateKey(key)), new char[0]);
            }
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(),
                    trustManagers(caBundle).getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("failed to build TLS context from CA bundle " + caBundle + ": " + e.getMessage(), e);
        }
    }

    /** Returns trust managers that trust exactly the certificates in a PEM bundle. */
    public static TrustManagerFactory trustManagers(Path caBundle) throws IOException, GeneralSecurityException {
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        int index = 0;
        for (X509Certificate ca : Pem.readCertificates(caBundle)) {
            trustStore.setCertificateEntry("ca-" + index++, ca);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trustStore);
        return factory;
    }

    private static KeyStore keyStore(List<X509Certificate> chain, PrivateKey key) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", key, new char[0], chain.toArray(new X509Certificate[0]));
        return store;
    }
}
