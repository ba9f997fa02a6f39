package kz.consentledger.query;

import io.micrometer.core.instrument.MeterRegistry;
import kz.consentledger.query.audit.AccessAudit;
import kz.consentledger.query.audit.RefusedAccesses;
import kz.consentledger.service.security.LedgerSecurity;
import kz.consentledger.service.security.OperatorScope;
import kz.consentledger.service.security.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * Who may read what. Everything about an operator's subjects sits under
 * {@code /api/v1/operators/{operator}/}, so one rule keeps each DPO to their own
 * operators, for every endpoint there and any added later. Signed exports are for
 * regulators. The dashboard's pages and scripts are open (they hold no data); the data
 * they show comes from the API under these rules. Refused requests to audited endpoints
 * are recorded ({@link RefusedAccesses}).
 */
@Configuration(proxyBeanMethods = false)
@Import(LedgerSecurity.class)
class WebSecurity {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, LedgerSecurity security, AccessAudit audit,
			MeterRegistry meters) {
		http.addFilterAfter(new RefusedAccesses(audit, meters), SecurityContextHolderFilter.class);
		return security.build(http, true, (rules) -> {
			rules.requestMatchers(HttpMethod.GET, "/", "/login", "/ui", "/ui/**", "/favicon.ico").permitAll();
			rules.requestMatchers(HttpMethod.GET, "/api/v1/me", "/api/v1/operators").authenticated();
			rules
				.requestMatchers(HttpMethod.GET, "/api/v1/operators/{operator}/export",
						"/api/v1/operators/{operator}/subjects/{subject}/export",
						"/api/v1/operators/{operator}/subjects/{subject}/export.html")
				.access(OperatorScope.pathOperator(Role.REGULATOR));
			rules.requestMatchers(HttpMethod.GET, "/api/v1/operators/{operator}/**")
				.access(OperatorScope.pathOperator(Role.DPO, Role.REGULATOR));
			rules.requestMatchers(HttpMethod.GET, "/api/v1/audit/**").hasRole(Role.REGULATOR.name());
			// Across operators: the controller keeps each account to its own operators.
			rules.requestMatchers(HttpMethod.GET, "/api/v1/clocks").hasAnyRole(Role.DPO.name(), Role.REGULATOR.name());
			rules.requestMatchers("/api/v1/admin/**").hasRole(Role.ADMIN.name());
		});
	}

}
