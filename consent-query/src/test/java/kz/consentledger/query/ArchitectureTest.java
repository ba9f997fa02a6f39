package kz.consentledger.query;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The query side knows the events, never the command side, and dispatches no commands.
 */
class ArchitectureTest {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("kz.consentledger");

	@Test
	void independentOfTheCommandSide() {
		noClasses().that()
			.resideInAPackage("kz.consentledger.query..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("kz.consentledger.command..", "kz.consentledger.commands..", "org.apache.kafka..",
					"org.axonframework.commandhandling..", "org.axonframework.modelling.command..")
			.check(CLASSES);
	}

}
