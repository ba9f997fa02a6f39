package kz.consentledger.command.store;

import java.util.List;

import kz.consentledger.commands.AcceptPolicy;
import kz.consentledger.commands.GrantConsent;
import kz.consentledger.commands.PublishPolicyVersion;
import kz.consentledger.commands.RecordDataSharing;
import kz.consentledger.commands.WithdrawConsent;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The fast resolver sends every command where Axon's annotation resolver would. */
class CommandTargetsTest {

	static final List<Arguments> COMMANDS = List.of(
			arguments(new GrantConsent("180440011034", "s-1", "2021-03-18", List.of(), List.of(), List.of(), List.of(),
					null, null, null, null, null, null), "180440011034:s-1"),
			arguments(new WithdrawConsent("190840027812", "s-2", List.of(), null, null, null, null),
					"190840027812:s-2"),
			arguments(new RecordDataSharing("210240034173", "s-3", null, null, List.of(), null, null, null),
					"210240034173:s-3"),
			arguments(new AcceptPolicy("210240034183", "s-4", "v1", "explicit", null), "210240034183:s-4"),
			arguments(new PublishPolicyVersion("180440011034", "v2", null, 7, List.of(), List.of(), List.of(),
					List.of(), "KZ", null, false, null), "180440011034"));

	@ParameterizedTest
	@FieldSource("COMMANDS")
	void resolvesLikeTheAnnotations(Object command, String stream) {
		var message = GenericCommandMessage.asCommandMessage(command);

		var resolved = new CommandTargets().resolveTarget(message);

		assertThat(resolved).isEqualTo(new VersionedAggregateIdentifier(stream, null))
			.isEqualTo(AnnotationCommandTargetResolver.builder().build().resolveTarget(message));
	}

}
