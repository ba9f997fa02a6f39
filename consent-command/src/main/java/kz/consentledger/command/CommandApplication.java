package kz.consentledger.command;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The command service: ingests consent events and appends them to the event store. */
@SpringBootApplication
@EnableConfigurationProperties(LedgerProperties.class)
public class CommandApplication {

	/** The ledger's receipt time comes from here; the domain never reads a clock. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		SpringApplication.run(CommandApplication.class, args);
	}

}
