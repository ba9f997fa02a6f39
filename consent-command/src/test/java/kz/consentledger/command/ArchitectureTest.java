package kz.consentledger.command;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The domain stays free of Spring, Kafka, HTTP, storage and clocks; contracts stay free
 * of Spring; commands reach the event store through the append transaction only.
 */
class ArchitectureTest {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("kz.consentledger");

	@Test
	void domainIsPure() {
		noClasses().that()
			.resideInAPackage("kz.consentledger.command.domain..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "org.apache.kafka..", "io.cloudevents..", "java.sql..",
					"kz.consentledger.command.ingest..", "kz.consentledger.command.append..",
					"kz.consentledger.command.store..", "org.axonframework..")
			.check(CLASSES);
	}

	@Test
	void contractsHaveNoSpring() {
		noClasses().that()
			.resideInAnyPackage("kz.consentledger.events..", "kz.consentledger.commands..",
					"kz.consentledger.privacy..", "kz.consentledger.storage..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "org.apache.kafka..")
			.check(CLASSES);
	}

	/**
	 * Commands are decided in the append transaction's batch (ADR 0028): one sent through
	 * Axon's bus would bypass deduplication, the batch's decisions and its chaining.
	 */
	@Test
	void noCommandGoesThroughAxon() {
		noClasses().should()
			.dependOnClassesThat()
			.areAssignableTo(CommandGateway.class)
			.orShould()
			.dependOnClassesThat()
			.areAssignableTo(CommandBus.class)
			.check(CLASSES);
	}

	/** Commands that do not come from CloudEvents enter the same transaction. */
	@Test
	void appendKnowsNothingOfIngestion() {
		noClasses().that()
			.resideInAPackage("kz.consentledger.command.append..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("kz.consentledger.command.ingest..", "io.cloudevents..", "org.apache.kafka..")
			.check(CLASSES);
	}

	@Test
	void domainReadsNoClock() {
		noClasses().that()
			.resideInAPackage("kz.consentledger.command.domain..")
			.should()
			.callMethod(Instant.class, "now")
			.orShould()
			.callMethod(LocalDate.class, "now")
			.orShould()
			.callMethod(Clock.class, "systemUTC")
			.check(CLASSES);
	}

}
