package kz.consentledger.service.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * The operators an account acts for, carried as authorities {@code OPERATOR_<bin>} (or
 * {@code OPERATOR_*} for all) beside its roles, so that local accounts and JWTs grant
 * them the same way.
 */
public final class OperatorScope {

	/** Stands for every operator. */
	public static final String ALL = "*";

	/** Request attribute with the reason of a refusal, for the 403 problem detail. */
	public static final String DENIAL_REASON = OperatorScope.class.getName() + ".denial";

	private static final String PREFIX = "OPERATOR_";

	private static final Pattern BIN = Pattern.compile("\\d{12}");

	private OperatorScope() {
	}

	/**
	 * The authorities of roles and operators as configured or claimed.
	 * @throws IllegalArgumentException for an unknown role or an operator that is not a
	 * BIN (12 digits) or {@code *}
	 */
	public static List<GrantedAuthority> authorities(Collection<String> roles, Collection<String> operators) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		for (String name : roles) {
			Role role = Role.named(name)
				.orElseThrow(() -> new IllegalArgumentException(
						"unknown role '" + name + "' (roles: ingest, dpo, regulator, admin)"));
			authorities.add(new SimpleGrantedAuthority(role.authority()));
		}
		for (String operator : operators) {
			String value = operator.strip();
			if (!ALL.equals(value) && !BIN.matcher(value).matches()) {
				throw new IllegalArgumentException(
						"operator '" + operator + "' is neither a BIN (12 digits) nor * (every operator)");
			}
			authorities.add(new SimpleGrantedAuthority(PREFIX + value));
		}
		return authorities;
	}

	/** Whether the account holds {@code role} for {@code operator}. */
	public static boolean may(Authentication authentication, Role role, String operator) {
		return has(authentication, role.authority())
				&& (has(authentication, PREFIX + ALL) || has(authentication, PREFIX + operator));
	}

	/** Whether the account holds {@code role} for every operator. */
	public static boolean mayForAll(Authentication authentication, Role role) {
		return has(authentication, role.authority()) && has(authentication, PREFIX + ALL);
	}

	/** The operators the account names ({@code *} included when it has all). */
	public static TreeSet<String> operators(Authentication authentication) {
		TreeSet<String> operators = new TreeSet<>();
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			String name = authority.getAuthority();
			if (name != null && name.startsWith(PREFIX)) {
				operators.add(name.substring(PREFIX.length()));
			}
		}
		return operators;
	}

	/** The roles the account holds, lower case. */
	public static TreeSet<String> roles(Authentication authentication) {
		TreeSet<String> roles = new TreeSet<>();
		for (Role role : Role.values()) {
			if (has(authentication, role.authority())) {
				roles.add(role.name().toLowerCase(java.util.Locale.ROOT));
			}
		}
		return roles;
	}

	/**
	 * Grants a request whose path names an operator ({@code {operator}}) when the account
	 * holds one of {@code roles} for it. The decision rests on the operator alone, before
	 * anything is looked up, so a refusal tells nothing about the subjects of the
	 * operator.
	 */
	public static AuthorizationManager<RequestAuthorizationContext> pathOperator(Role... roles) {
		return (Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) -> {
			String operator = context.getVariables().get("operator");
			Authentication account = authentication.get();
			for (Role role : roles) {
				if (account != null && operator != null && may(account, role, operator)) {
					return new AuthorizationDecision(true);
				}
			}
			context.getRequest()
				.setAttribute(DENIAL_REASON, "account '" + ((account != null) ? account.getName() : "?") + "' has no "
						+ names(roles) + " role for operator " + operator);
			return new AuthorizationDecision(false);
		};
	}

	private static String names(Role... roles) {
		List<String> names = new ArrayList<>();
		for (Role role : roles) {
			names.add(role.name().toLowerCase(java.util.Locale.ROOT));
		}
		return String.join(" or ", names);
	}

	private static boolean has(Authentication authentication, String authority) {
		for (GrantedAuthority granted : authentication.getAuthorities()) {
			if (authority.equals(granted.getAuthority())) {
				return true;
			}
		}
		return false;
	}

}
