package kz.consentledger.events;

/**
 * An event of one subject's stream at one operator ({@code <operator>:<subject>}): the
 * sealed root of what the consent rules fold ({@code kz.consentledger.consent}). It adds
 * no property to the stored JSON: the record's own components answer it. Java 17 has no
 * pattern switch, so {@link Cases} is the exhaustive switch: a new event type adds a case
 * and every reader that does not handle it fails to compile.
 */
public sealed interface SubjectEvent
		permits ConsentGranted, ConsentWithdrawn, ConsentWithdrawalRefused, PolicyAccepted, DataShared, JudgmentRevised,
		SubjectErased, DestructionDue, DataDestroyed, ProcessingEnded, SubjectRequestReceived, SubjectRequestAnswered {

	String operator();

	String subject();

	Provenance provenance();

	<R> R accept(Cases<R> cases);

	/** One method per subject event type. */
	interface Cases<R> {

		R granted(ConsentGranted event);

		R withdrawn(ConsentWithdrawn event);

		R withdrawalRefused(ConsentWithdrawalRefused event);

		R accepted(PolicyAccepted event);

		R shared(DataShared event);

		R revised(JudgmentRevised event);

		R erased(SubjectErased event);

		R destructionDue(DestructionDue event);

		R destroyed(DataDestroyed event);

		R processingEnded(ProcessingEnded event);

		R requestReceived(SubjectRequestReceived event);

		R requestAnswered(SubjectRequestAnswered event);

	}

}
