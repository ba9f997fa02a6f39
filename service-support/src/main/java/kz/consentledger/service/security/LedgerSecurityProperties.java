package kz.consentledger.service.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How people and services sign in ({@code ledger.security.*}). JWTs are verified with
 * Spring's {@code spring.security.oauth2.resourceserver.jwt.*} settings (issuer, JWKS,
 * audiences); these settings say where a token keeps roles and operators, and list the
 * local accounts.
 *
 * @param accounts local accounts (HTTP Basic and the dashboard's sign-in form); none in a
 * production deployment that signs in through its identity provider
 * @param jwt the claims of a JWT that name the account, its roles and its operators
 */
@ConfigurationProperties("ledger.security")
public record LedgerSecurityProperties(@DefaultValue List<Account> accounts, @DefaultValue Jwt jwt) {

	/**
	 * @param username the sign-in name, recorded in the access audit
	 * @param password a Spring Security encoded password: {@code {bcrypt}...}, or
	 * {@code {noop}...} for the published demo accounts
	 * @param roles {@code ingest}, {@code dpo}, {@code regulator}, {@code admin}
	 * @param operators BINs, or {@code *} for every operator
	 */
	public record Account(String username, String password, @DefaultValue List<String> roles,
			@DefaultValue List<String> operators) {
	}

	/**
	 * @param principalClaim the claim naming the account (audit)
	 * @param rolesClaim the claim listing roles; a dotted path reaches into objects
	 * ({@code realm_access.roles})
	 * @param operatorsClaim the claim listing operator BINs or {@code *}
	 */
	public record Jwt(@DefaultValue("sub") String principalClaim, @DefaultValue("roles") String rolesClaim,
			@DefaultValue("operators") String operatorsClaim) {
	}

}
