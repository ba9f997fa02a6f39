package kz.consentledger.command;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The domain stays free of Spring, Kafka, HTTP, storage and clocks; contracts stay free
 * of Spring.
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
					"kz.consentledger.command.ingest..", "kz.consentledger.command.store..")
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
