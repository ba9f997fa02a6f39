package kz.consentledger.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * An identity provider as production has one: an RSA key whose public half is served as a
 * JWKS over HTTP, and signed JWTs naming an account, its roles and its operators. The
 * services verify the tokens exactly as they would a real provider's (signature through
 * the JWKS, issuer, expiry).
 */
public final class TestIdentityProvider {

	private static TestIdentityProvider instance;

	private final RSAKey key;

	private final String issuer;

	private final String jwksUrl;

	private TestIdentityProvider(RSAKey key, HttpServer server) {
		this.key = key;
		int port = server.getAddress().getPort();
		this.issuer = "http://localhost:" + port + "/realms/ledger-test";
		this.jwksUrl = "http://localhost:" + port + "/jwks.json";
	}

	/** The provider of this test JVM, started on first use. */
	public static synchronized TestIdentityProvider get() {
		if (instance == null) {
			try {
				RSAKey key = new RSAKeyGenerator(2048).keyID("ledger-test-" + UUID.randomUUID()).generate();
				byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
				HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
				server.createContext("/jwks.json", (exchange) -> {
					exchange.getResponseHeaders().add("Content-Type", "application/json");
					exchange.sendResponseHeaders(200, jwks.length);
					exchange.getResponseBody().write(jwks);
					exchange.close();
				});
				server.start();
				instance = new TestIdentityProvider(key, server);
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return instance;
	}

	public String issuer() {
		return this.issuer;
	}

	public String jwksUrl() {
		return this.jwksUrl;
	}

	/** An {@code Authorization} header value with a token valid for ten minutes. */
	public String bearer(String account, List<String> roles, List<String> operators) {
		return "Bearer " + token(this.issuer, account, roles, operators, Instant.now().plusSeconds(600));
	}

	/** A token as signed by this provider, with any issuer and expiry (for refusals). */
	public String token(String issuer, String account, List<String> roles, List<String> operators, Instant expires) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer)
			.subject(account)
			.issueTime(Date.from(Instant.now().minusSeconds(5)))
			.expirationTime(Date.from(expires))
			.claim("roles", roles)
			.claim("operators", operators)
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID()).build(),
				claims);
		try {
			jwt.sign(new RSASSASigner(this.key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

}
