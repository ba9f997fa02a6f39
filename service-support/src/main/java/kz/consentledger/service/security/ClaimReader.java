package kz.consentledger.service.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Turns a verified JWT into the ledger's authorities: roles and operators read from the
 * configured claims (a list, or a space- or comma-separated string).
 */
final class ClaimReader implements Converter<Jwt, AbstractAuthenticationToken> {

	private final LedgerSecurityProperties.Jwt claims;

	ClaimReader(LedgerSecurityProperties.Jwt claims) {
		this.claims = claims;
	}

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		String name = jwt.getClaimAsString(this.claims.principalClaim());
		if (name == null || name.isBlank()) {
			throw invalid("the token has no '" + this.claims.principalClaim() + "' claim naming the account");
		}
		try {
			// An identity provider's tokens carry roles of other applications too: only
			// the ledger's count.
			List<String> roles = values(jwt.getClaims(), this.claims.rolesClaim()).stream()
				.filter((role) -> Role.named(role).isPresent())
				.toList();
			return new JwtAuthenticationToken(jwt,
					OperatorScope.authorities(roles, values(jwt.getClaims(), this.claims.operatorsClaim())), name);
		}
		catch (IllegalArgumentException ex) {
			throw invalid("the token's claims are not usable: " + ex.getMessage());
		}
	}

	static List<String> values(Map<String, Object> claims, String path) {
		Object value = claims;
		for (String step : path.split("\\.")) {
			value = (value instanceof Map<?, ?> map) ? map.get(step) : null;
		}
		List<String> values = new ArrayList<>();
		if (value instanceof Collection<?> collection) {
			collection.forEach((item) -> values.add(String.valueOf(item)));
		}
		else if (value instanceof String text) {
			for (String item : text.split("[,\\s]+")) {
				if (!item.isBlank()) {
					values.add(item);
				}
			}
		}
		return values;
	}

	private static OAuth2AuthenticationException invalid(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null),
				description);
	}

}
