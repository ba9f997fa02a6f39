package kz.consentledger.command;

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

/** The command service: ingests consent events and appends them to the event store. */
@SpringBootApplication
@EnableScheduling
@Import({ LedgerStoreConfiguration.class, LedgerMigrations.class, LedgerProofs.class, ShardConfiguration.class })
@EnableConfigurationProperties(LedgerProperties.class)
public class CommandApplication {

	/**
	 * A request about an operator another shard keeps goes to that shard's command
	 * service.
	 */
	@Bean
	FilterRegistrationBean<ShardRouting> shardRouting(Shards shards) {
		return ShardRouting.registration(shards, Shard::commandUrl);
	}

	/** The ledger's receipt time comes from here; the domain never reads a clock. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** The ledger's Ed25519 key; it signs checkpoints. */
	@Bean
	SigningKey signingKey(LedgerProperties properties) {
		return SigningKey.load(properties.proof().signingKeyFile());
	}

	@Bean
	OpenAPI openApi() {
		return ApiDocs.withSignIn(new OpenAPI().info(new Info().title("Consent ledger: command service")
			.version("v1")
			.description(
					"Ingests consent events of contract v1 (CloudEvents over HTTP; Kafka is described in docs/contract/asyncapi.yaml) and appends them to the event store.")));
	}

	/**
	 * The application with its own configuration file, {@code consent-command.yml}: both
	 * services can then share one classpath (the end-to-end tests run them in one JVM).
	 */
	public static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(CommandApplication.class).properties("spring.config.name=consent-command");
	}

	public static void main(String[] args) {
		application().run(args);
	}

}
