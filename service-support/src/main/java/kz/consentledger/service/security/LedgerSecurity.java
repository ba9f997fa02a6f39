package kz.consentledger.service.security;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authentication and the rules both services share. Local accounts sign in with HTTP
 * Basic (and, where the service has pages, a form); JWTs are verified by Spring's
 * resource server when an issuer or JWKS is configured. Both may be on at once. Each
 * service adds its own rules; anything no rule names is refused.
 *
 * <p>
 * Every refusal is an RFC 9457 problem: 401 with {@code WWW-Authenticate} when the
 * request carries no valid credentials, 403 naming what the account lacks.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LedgerSecurityProperties.class)
public class LedgerSecurity {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final LedgerSecurityProperties properties;

	private final JwtDecoder jwtDecoder;

	LedgerSecurity(LedgerSecurityProperties properties, ObjectProvider<JwtDecoder> jwtDecoder) {
		this.properties = properties;
		this.jwtDecoder = jwtDecoder.getIfAvailable();
		if (properties.accounts().isEmpty() && this.jwtDecoder == null) {
			throw new IllegalStateException("no way to sign in is configured: set "
					+ "spring.security.oauth2.resourceserver.jwt.issuer-uri (or jwk-set-uri) for JWTs, "
					+ "or list local accounts under ledger.security.accounts (see docs/security.md)");
		}
	}

	/**
	 * No observation of the filter chain, its authentication or its authorization.
	 * Turning the observations off by property (ADR 0013) still wrapped each of the
	 * chain's filters in an observing decorator for every request.
	 */
	@Bean
	static SecurityObservationSettings securityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	/** The local accounts; empty when sign-in is by JWT only. */
	@Bean
	UserDetailsService ledgerAccounts() {
		List<UserDetails> users = new ArrayList<>();
		for (LedgerSecurityProperties.Account account : this.properties.accounts()) {
			if (account.username() == null || account.username().isBlank() || account.password() == null
					|| account.password().isBlank()) {
				throw new IllegalStateException("ledger.security.accounts: every account needs a username and a "
						+ "password ({bcrypt}... or {noop}...)");
			}
			try {
				users.add(User.withUsername(account.username())
					.password(account.password())
					.authorities(OperatorScope.authorities(account.roles(), account.operators()))
					.build());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException(
						"ledger.security.accounts: account '" + account.username() + "': " + ex.getMessage(), ex);
			}
		}
		// Passwords stay as configured: Spring's default encoder reads the {id} prefix.
		// Only the
		// lookup is exposed: as a password service the manager would get {noop} passwords
		// "upgraded" to bcrypt after the first sign-in, and every later Basic request
		// would
		// pay a bcrypt check (~80 ms of CPU).
		InMemoryUserDetailsManager manager = new InMemoryUserDetailsManager(users);
		return manager::loadUserByUsername;
	}

	/**
	 * Applies authentication, problem responses and the shared rules (health and API
	 * descriptions open, other actuator endpoints for admins, anything unnamed refused)
	 * around the service's own {@code rules}.
	 * @param sessions whether browsers sign in with a form and keep a session (CSRF
	 * protected); otherwise every request authenticates itself
	 */
	public SecurityFilterChain build(HttpSecurity http, boolean sessions,
			Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> rules) {
		boolean local = !this.properties.accounts().isEmpty();
		http.authorizeHttpRequests((registry) -> {
			registry
				.requestMatchers("/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**",
						"/swagger-ui.html", "/swagger-ui/**", "/error")
				.permitAll();
			registry.requestMatchers("/actuator/**").hasRole(Role.ADMIN.name());
			rules.customize(registry);
			registry.anyRequest().denyAll();
		});
		http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(this::unauthorized)
			.accessDeniedHandler(LedgerSecurity::forbidden));
		if (local) {
			http.httpBasic((basic) -> basic.authenticationEntryPoint(this::unauthorized));
		}
		if (this.jwtDecoder != null) {
			ClaimReader claims = new ClaimReader(this.properties.jwt());
			http.oauth2ResourceServer((server) -> server.authenticationEntryPoint(this::unauthorized)
				.accessDeniedHandler(LedgerSecurity::forbidden)
				.jwt((jwt) -> jwt.decoder(this.jwtDecoder).jwtAuthenticationConverter(claims)));
		}
		if (sessions && local) {
			http.formLogin((form) -> form.loginPage("/login").defaultSuccessUrl("/ui/", true).permitAll());
			http.logout((logout) -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll());
			// Requests that carry their own credentials are not riding on a browser's
			// cookie.
			RequestMatcher selfAuthenticated = (request) -> request.getHeader("Authorization") != null;
			http.csrf((csrf) -> csrf.ignoringRequestMatchers(selfAuthenticated));
		}
		else {
			http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
			http.csrf((csrf) -> csrf.disable());
		}
		return http.build();
	}

	private void unauthorized(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
			throws IOException {
		String credentials = request.getHeader("Authorization");
		List<String> challenges = new ArrayList<>();
		if (this.jwtDecoder != null) {
			boolean badToken = credentials != null && credentials.regionMatches(true, 0, "Bearer ", 0, 7);
			challenges.add(badToken ? "Bearer error=\"invalid_token\"" : "Bearer");
		}
		// Scripts of the dashboard ask without a Basic challenge: browsers would answer
		// it with their own dialog.
		if (!this.properties.accounts().isEmpty() && !"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
			challenges.add("Basic realm=\"consent-ledger\"");
		}
		challenges.forEach((challenge) -> response.addHeader("WWW-Authenticate", challenge));
		write(response, HttpStatus.UNAUTHORIZED,
				(credentials != null) ? "the credentials were not accepted: " + failure.getMessage()
						: "sign in first: send a bearer token or a local account's credentials",
				request);
	}

	private static void forbidden(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException denied) throws IOException {
		Object reason = request.getAttribute(OperatorScope.DENIAL_REASON);
		String detail = (reason != null) ? reason.toString()
				: (denied.getMessage() != null && !denied.getMessage().startsWith("Access Denied"))
						? denied.getMessage()
						: "this account's roles do not allow " + request.getMethod() + " " + request.getRequestURI();
		write(response, HttpStatus.FORBIDDEN, detail, request);
	}

	private static void write(HttpServletResponse response, HttpStatus status, String detail,
			HttpServletRequest request) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.setStatus(status.value());
		response.setContentType("application/problem+json");
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(JSON.writeValueAsString(problem));
	}

}
