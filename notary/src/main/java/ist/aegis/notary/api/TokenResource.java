package ist.aegis.notary.api;

import ist.aegis.common.identity.SpiffeId;
import ist.aegis.common.wire.Paths;
import ist.aegis.common.wire.Rfc3339;
import ist.aegis.common.wire.TokenResponse;
import ist.aegis.notary.NotaryConfig;
import ist.aegis.notary.attest.Attestor;
import ist.aegis.notary.identity.AttestedPod;
import ist.aegis.notary.identity.WorkloadIdentity;
import ist.aegis.notary.keys.SigningKeyHolder;
import ist.aegis.notary.token.SvidMinter;

import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * {@code POST /notary/v1/token}: exchanges a projected service-account token, sent as a bearer token,
 * for a JWT-SVID. Runs on a worker thread, because attestation calls the Kubernetes API.
 */
@Path(Paths.NOTARY_TOKEN)
public class TokenResource {

    private static final Logger LOG = Logger.getLogger(TokenResource.class);

    private final Attestor attestor;
    private final SigningKeyHolder keys;
    private final String trustDomain;
    private final SvidMinter minter;

    @Inject
    TokenResource(Attestor attestor, SigningKeyHolder keys, NotaryConfig config, Clock clock) {
        this.attestor = attestor;
        this.keys = keys;
        this.trustDomain = config.trustDomain();
        this.minter = new SvidMinter(config.issuer(), config.svidLifetime(), clock);
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public TokenResponse issue(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        String token = BearerToken.parse(authorization);
        AttestedPod pod = attestor.attest(token);
        SpiffeId id = WorkloadIdentity.spiffeId(trustDomain, pod);

        SvidMinter.Svid svid = minter.mint(id, keys.keyRing().current(), pod.tokenExpiresAt());
        LOG.infof("Issued JWT-SVID for %s (jti %s, kid %s, expires %s)", id, svid.jwtId(), svid.keyId(),
                Rfc3339.format(svid.expiresAt()));
        return new TokenResponse(svid.token(), id.toString(), Rfc3339.format(svid.expiresAt()));
    }
}
