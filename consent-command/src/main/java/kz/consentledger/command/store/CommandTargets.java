package kz.consentledger.command.store;

import kz.consentledger.commands.PublishPolicyVersion;
import kz.consentledger.commands.SubjectCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.springframework.stereotype.Component;

/**
 * Finds the stream a command goes to by calling the command's own accessor. Axon's
 * annotation resolver walks the command class's methods and annotations by reflection on
 * every dispatch, which was about a tenth of the ingestion threads' CPU; it still serves
 * any other command type. The {@code @TargetAggregateIdentifier} annotations stay: they
 * name the same accessors, and {@code CommandTargetsTest} checks both agree.
 */
@Component("commandTargets")
public class CommandTargets implements CommandTargetResolver {

	private final CommandTargetResolver annotated = AnnotationCommandTargetResolver.builder().build();

	@Override
	public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
		Object payload = command.getPayload();
		if (payload instanceof SubjectCommand subjectCommand) {
			return new VersionedAggregateIdentifier(subjectCommand.aggregateId(), null);
		}
		if (payload instanceof PublishPolicyVersion publication) {
			return new VersionedAggregateIdentifier(publication.operator(), null);
		}
		return this.annotated.resolveTarget(command);
	}

}
