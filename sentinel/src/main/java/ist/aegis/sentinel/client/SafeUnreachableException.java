package ist.aegis.sentinel.client;

/**
 * Safe could not be reached: the connection was refused, the TLS handshake failed, Safe did not
 * respond in time, or Sentinel's own connection settings are unusable. The message names the URL and the cause.
 */
public class SafeUnreachableException extends Exception {

    private static final long serialVersionUID = 1L;

    public SafeUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
