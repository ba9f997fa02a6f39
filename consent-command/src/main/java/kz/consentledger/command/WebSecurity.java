package kz.consentledger.command;

import kz.consentledger.service.security.LedgerSecurity;
import kz.consentledger.service.security.OperatorScope;
import kz.consentledger.service.security.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call the command service. The keys and the checkpoints are open on purpose:
 * they prove the ledger's history to anyone and hold no personal data. Proofs need an
 * account: each reads the whole tree, which no anonymous caller should be able to ask for
 * again and again. The operators of each ingested event are checked against the account
 * by the ingestion endpoint itself, once the events are read.
 */
@Configuration(proxyBeanMethods = false)
@Import(LedgerSecurity.class)
class WebSecurity {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, LedgerSecurity security) {
		return security.build(http, false, (rules) -> {
			rules
				.requestMatchers(HttpMethod.GET, "/api/v1/ledger/public-key", "/api/v1/ledger/vkey",
						"/api/v1/ledger/checkpoint", "/api/v1/ledger/checkpoints", "/api/v1/ledger/checkpoints/*",
						"/api/v1/ledger/shards/checkpoint", "/api/v1/ledger/shards/map")
				.permitAll();
			rules.requestMatchers(HttpMethod.GET, "/api/v1/ledger/proofs/*").authenticated();
			rules.requestMatchers(HttpMethod.POST, "/api/v1/events").hasRole(Role.INGEST.name());
			// An erasure (ADR 0025) and the DPO's own records of duties act for one
			// operator: its DPO, or an admin.
			rules
				.requestMatchers(HttpMethod.POST, "/api/v1/operators/{operator}/subjects/{subject}/erasure",
						"/api/v1/operators/{operator}/subjects/{subject}/requests/{requestRef}/answer",
						"/api/v1/operators/{operator}/subjects/{subject}/destructions")
				.access(AuthorizationManagers.anyOf(AuthorityAuthorizationManager.hasRole(Role.ADMIN.name()),
						OperatorScope.pathOperator(Role.DPO)));
			rules.requestMatchers("/api/v1/admin/**").hasRole(Role.ADMIN.name());
		});
	}

}
