package ist.aegis.common.wire;

/** The HTTP paths that users and scripts rely on; they match the earlier Aegis. */
public final class Paths {

    public static final String SENTINEL_SECRETS = "/sentinel/v1/secrets";
    public static final String WORKLOAD_SECRETS = "/workload/v1/secrets";
    public static final String NOTARY_TOKEN = "/notary/v1/token";
    public static final String NOTARY_JWKS = "/notary/v1/jwks";

    /** The audience of every JWT-SVID, and the only one Safe accepts. */
    public static final String SAFE_AUDIENCE = "aegis-safe";

    private Paths() {
    }
}
