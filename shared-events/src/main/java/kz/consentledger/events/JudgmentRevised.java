package kz.consentledger.events;

import java.time.LocalDate;
import java.util.List;

import org.axonframework.serialization.Revision;

/**
 * The ledger judged an earlier event of the subject again because it learned a fact that
 * changes the judgment: a grant or withdrawal that arrived after a disclosure it bears
 * on, or a policy version published after a grant or acceptance named it. Nothing is
 * rewritten: the judged event keeps the judgment made at its receipt, and this one
 * records the new judgment beside it (ADR 0023).
 * <p>
 * {@code judgedSource}/{@code judgedEventId} name the judged event, {@code judgedType}
 * its kind ({@code data-shared}, {@code policy-accepted}, {@code consent-granted}, or
 * {@code processing-ended}: a retention whose policy version was published after it,
 * {@code stopDueBy} its destroy-by date, {@code reasons} the rule and
 * {@code calendar <version>}). {@code verdict} is a disclosure's verdict or an
 * acceptance's validity (null for a grant); {@code reasons} its reasons or findings;
 * {@code because} names the fact learned. The provenance's business time is the judged
 * event's, its receipt time the moment of the re-judgment, so "as of" with
 * {@code knownAt} shows what the ledger knew then.
 */
@Revision("1")
public record JudgmentRevised(String operator, String subject, String judgedSource, String judgedEventId,
		String judgedType, String verdict, List<String> reasons, LocalDate stopDueBy, String because,
		Provenance provenance) implements SubjectEvent {

	@Override
	public <R> R accept(Cases<R> cases) {
		return cases.revised(this);
	}

}
