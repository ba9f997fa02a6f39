package kz.consentledger.query;

import java.time.Clock;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import kz.consentledger.proof.SigningKey;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import kz.consentledger.service.security.ApiDocs;
import kz.consentledger.service.proof.LedgerProofs;
import kz.consentledger.service.shard.ShardConfiguration;
import kz.consentledger.service.shard.ShardRouting;
import kz.consentledger.service.shard.Shards;
import kz.consentledger.service.shard.ShardingProperties.Shard;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import kz.consentledger.service.store.LedgerMigrations;
import kz.consentledger.service.store.LedgerStoreConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The query service: projections rebuilt from the event store, served as JSON. */
@SpringBootApplication
@EnableScheduling
@Import({ LedgerStoreConfiguration.class, LedgerMigrations.class, LedgerProofs.class, ShardConfiguration.class })
@EnableConfigurationProperties(QueryProperties.class)
public class QueryApplication {

	/**
	 * A request about an operator another shard keeps goes to that shard's query service.
	 */
	@Bean
	FilterRegistrationBean<ShardRouting> shardRouting(Shards shards) {
		return ShardRouting.registration(shards, Shard::queryUrl);
	}

	/** "Now" for expiry; projections themselves use only event times. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** The ledger's Ed25519 key (the command service's file); it signs export bundles. */
	@Bean
	SigningKey signingKey(QueryProperties properties) {
		return SigningKey.load(properties.proof().signingKeyFile());
	}

	@Bean
	OpenAPI openApi() {
		return ApiDocs.withSignIn(new OpenAPI().info(new Info().title("Consent ledger: query service")
			.version("v1")
			.description(
					"Projections of the consent ledger: each subject's current consent and processing history, each operator's policy versions and DPO dashboard, signed exports and the access audit. Sign in with a JWT or a local account; roles and operator scopes: docs/security.md.")));
	}

	/**
	 * The application with its own configuration file, {@code consent-query.yml}: both
	 * services can then share one classpath (the end-to-end tests run them in one JVM).
	 */
	public static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(QueryApplication.class).properties("spring.config.name=consent-query");
	}

	public static void main(String[] args) {
		application().run(args);
	}

}
