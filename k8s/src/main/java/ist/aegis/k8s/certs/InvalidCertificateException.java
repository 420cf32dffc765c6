package ist.aegis.k8s.certs;

/** A certificate or key that cannot be parsed or does not fit together; the message names its source. */
public class InvalidCertificateException extends RuntimeException {

    public InvalidCertificateException(String message) {
        super(message);
    }
}
