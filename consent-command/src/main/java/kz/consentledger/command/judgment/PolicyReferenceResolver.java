package kz.consentledger.command.judgment;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import kz.consentledger.command.append.AppendRequest;
import kz.consentledger.command.append.IdempotencyKey;
import kz.consentledger.command.append.LedgerAppender;
import kz.consentledger.command.domain.PolicyTermsLookup;
import kz.consentledger.command.store.UnresolvedPolicyReferences;
import kz.consentledger.command.store.UnresolvedPolicyReferences.Reference;
import kz.consentledger.commands.RejudgeSubject;
import kz.consentledger.proof.Hashes;
import kz.consentledger.storage.LedgerStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Order across partitions: a policy publication and the subject events that name its
 * version travel in different Kafka partitions and consumer threads, so a grant or an
 * acceptance can be judged before the publication it follows is appended. The subjects
 * that named an unknown version are noted in the append transaction; here, once the
 * version is published, each is judged again through the append transaction and its note
 * cleared. A note written after a pass is found by the next, so none is lost (ADR 0023).
 */
@Component
class PolicyReferenceResolver {

	private static final Logger LOG = LoggerFactory.getLogger(PolicyReferenceResolver.class);

	private final UnresolvedPolicyReferences references;

	private final PolicyTermsLookup policies;

	private final LedgerAppender appender;

	private final Clock clock;

	PolicyReferenceResolver(UnresolvedPolicyReferences references, PolicyTermsLookup policies, LedgerAppender appender,
			Clock clock) {
		this.references = references;
		this.policies = policies;
		this.appender = appender;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${ledger.judgments.resolve-interval:1s}",
			initialDelayString = "${ledger.judgments.resolve-interval:1s}")
	void resolve() {
		for (Reference version : this.references.versions()) {
			if (this.policies.find(version.operator(), version.version()).isPresent()) {
				this.references.waitingFor(version.operator(), version.version()).forEach(this::tryToRejudge);
			}
		}
	}

	/**
	 * One subject that cannot be judged again waits for the next pass, not the others.
	 */
	private void tryToRejudge(Reference reference) {
		try {
			rejudge(reference);
		}
		catch (RuntimeException ex) {
			LOG.warn("re-judging {} for policy version {} failed; the next pass tries again: {}",
					reference.aggregateId(), reference.version(), ex.toString());
		}
	}

	/**
	 * The key names the note, which a later unknown reference of the same subject and
	 * version would not share, so a re-judgment is appended once per note. Its content is
	 * the note's name: the rows from before V7 hold its SHA-256, the key's id.
	 */
	private void rejudge(Reference reference) {
		String id = reference.operator() + ":" + reference.version() + ":" + reference.aggregateId() + ":"
				+ reference.notedAt();
		IdempotencyKey key = new IdempotencyKey(RejudgeSubject.SOURCE,
				Hashes.hex(Hashes.sha256(id.getBytes(StandardCharsets.UTF_8))));
		RejudgeSubject command = new RejudgeSubject(reference.operator(),
				LedgerStorage.subjectOf(reference.aggregateId()), reference.version(),
				"policy version " + reference.version() + " of operator " + reference.operator() + " was published",
				this.clock.instant());
		this.appender.append(
				List.of(new AppendRequest(key, "ledger.rejudgment", id.getBytes(StandardCharsets.UTF_8), command)),
				false);
		this.references.resolved(reference);
	}

}
