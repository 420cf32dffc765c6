package ist.aegis.common.wire;

/** The body of a successful {@code POST /notary/v1/token}: the JWT-SVID, its subject and its expiry (RFC 3339 UTC). */
public record TokenResponse(String token, String spiffeId, String expiresAt) {
}
