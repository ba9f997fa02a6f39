package kz.consentledger.command.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import kz.consentledger.commands.AnswerSubjectRequest;
import kz.consentledger.commands.EndProcessing;
import kz.consentledger.commands.ReceiveSubjectRequest;
import kz.consentledger.commands.RecordDestruction;
import kz.consentledger.commands.RecordDestructionDue;
import kz.consentledger.commands.RejudgeSubject;
import kz.consentledger.consent.KazakhstanCalendar;
import kz.consentledger.consent.PolicyTerms;
import kz.consentledger.events.DataDestroyed;
import kz.consentledger.events.DestructionDue;
import kz.consentledger.events.DueDate;
import kz.consentledger.events.JudgmentRevised;
import kz.consentledger.events.PolicyAccepted;
import kz.consentledger.events.ProcessingEnded;
import kz.consentledger.events.Provenance;
import kz.consentledger.events.SubjectEvent;
import kz.consentledger.events.SubjectRequestAnswered;
import kz.consentledger.events.SubjectRequestReceived;
import kz.consentledger.replay.PositionedEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The facts of the duties after consent and their due dates, on the bundled calendar
 * (kz-2026.1): 2026 is published, so a 2026 date is not provisional; Monday 26 October
 * 2026 is off (25 October, a Sunday, carried over) and Monday 31 August too.
 */
class SubjectDutiesTest {

	private static final String OPERATOR = "180440011034";

	private static final String SUBJECT = "user-000417";

	private static final String CALENDAR = KazakhstanCalendar.standard().version();

	private static final String ACCESS_REFERENCE = "Rules 395 p.16 (unverified)";

	private static final Map<String, PolicyTerms> POLICIES = Map.of("aitu",
			policy("aitu", new PolicyTerms.Retention(3, false)), "momu",
			policy("momu", new PolicyTerms.Retention(null, true)), "ipsm", policy("ipsm", PolicyTerms.Retention.NONE));

	private DecisionFixture fixture;

	/** The versions published: {@link #POLICIES}, and those a test publishes. */
	private final Map<String, PolicyTerms> published = new HashMap<>(POLICIES);

	/** The policy versions noted as not yet published, with their subjects. */
	private final List<String> unresolved = new ArrayList<>();

	@BeforeEach
	void setUp() {
		this.fixture = new DecisionFixture();
		this.fixture.registerInjectableResource(new DutyTerms(KazakhstanCalendar.standard(), 3, ACCESS_REFERENCE));
		this.fixture.registerInjectableResource(
				(PolicyTermsLookup) (operator, version) -> Optional.ofNullable(this.published.get(version)));
		this.unresolved.clear();
		this.fixture.registerInjectableResource((PolicyReferences) (operator, version, aggregateId) -> this.unresolved
			.add(operator + " " + version + " " + aggregateId));
		this.fixture.registerInjectableResource(KazakhstanCalendar.standard());
	}

	/**
	 * Friday 23 October 2026: the weekend and the carried-over Monday are not counted.
	 */
	@Test
	void eachRequestKindIsDueOnItsTerm() {
		Provenance friday = at("2026-10-23T10:00:00+05:00");
		request("access", friday, ACCESS_REFERENCE, LocalDate.of(2026, 10, 29));
		request("correction", friday, "Law 94-V Art. 25(2)(8)", LocalDate.of(2026, 10, 27));
		request("blocking", friday, "Law 94-V Art. 25(2)(8)", LocalDate.of(2026, 10, 27));
		request("destruction", friday, "Law 94-V Art. 25(2)(8)", LocalDate.of(2026, 10, 27));
		request("objection", friday, "Law 94-V Art. 19-1(3)", LocalDate.of(2026, 10, 29));
	}

	/** The business date is Almaty's: 20:00 UTC on Thursday is already Friday there. */
	@Test
	void theBusinessDateIsAlmatys() {
		request("correction", at("2026-12-10T20:00:00Z"), "Law 94-V Art. 25(2)(8)", LocalDate.of(2026, 12, 14));
	}

	@Test
	void aDestructionIsDueByItsTriggersTermWithoutAProducersDate() {
		Provenance time = at("2026-11-02T12:00:00+05:00");
		this.fixture.givenNoPriorActivity()
			.when(new RecordDestructionDue(OPERATOR, SUBJECT, "consent-withdrawn", "Law 94-V Art. 8(7)",
					List.of("marketing"), List.of(), null, null, time))
			.expectEvents(new DestructionDue(OPERATOR, SUBJECT, "consent-withdrawn", "Law 94-V Art. 8(7)",
					List.of("marketing"), List.of(), null, new DueDate(LocalDate.of(2026, 11, 23), CALENDAR, false),
					time));
		setUp();
		this.fixture.givenNoPriorActivity()
			.when(new RecordDestructionDue(OPERATOR, SUBJECT, "court-order", "Civil Procedure Code", List.of(),
					List.of("email"), "court-2026-17", null, time))
			.expectEvents(new DestructionDue(OPERATOR, SUBJECT, "court-order", "Civil Procedure Code", List.of(),
					List.of("email"), "court-2026-17", new DueDate(LocalDate.of(2026, 11, 3), CALENDAR, false), time));
	}

	/**
	 * A producer's date later than the law's does not move the clock; an earlier one is
	 * kept, on the statutory computation's calendar, and the reference says so.
	 */
	@Test
	void aDestructionIsDueByTheEarlierOfTheProducersDateAndTheLaws() {
		Provenance time = at("2026-11-02T12:00:00+05:00");
		this.fixture.givenNoPriorActivity()
			.when(new RecordDestructionDue(OPERATOR, SUBJECT, "term-ended", "Law 94-V Art. 18", List.of(), List.of(),
					null, LocalDate.of(2026, 12, 31), time))
			.expectEvents(new DestructionDue(OPERATOR, SUBJECT, "term-ended", "Law 94-V Art. 18", List.of(), List.of(),
					null, new DueDate(LocalDate.of(2026, 11, 3), CALENDAR, false), time));
		setUp();
		this.fixture.givenNoPriorActivity()
			.when(new RecordDestructionDue(OPERATOR, SUBJECT, "consent-withdrawn", "Law 94-V Art. 8(7)", List.of(),
					List.of(), null, LocalDate.of(2026, 11, 10), time))
			.expectEvents(new DestructionDue(OPERATOR, SUBJECT, "consent-withdrawn",
					"Law 94-V Art. 8(7); producer's date (statutory 2026-11-23)", List.of(), List.of(), null,
					new DueDate(LocalDate.of(2026, 11, 10), CALENDAR, false), time));
	}

	/**
	 * AITU: three years after the agreement ends (beyond the data: provisional); a
	 * purpose reached under that rule starts no date.
	 */
	@Test
	void yearsAfterTheAgreementEndsCountFromItsEnd() {
		Provenance end = at("2026-11-02T12:00:00+05:00");
		this.fixture.givenNoPriorActivity()
			.when(new EndProcessing(OPERATOR, SUBJECT, "agreement-ended", List.of(), "aitu", end))
			.expectEvents(new ProcessingEnded(OPERATOR, SUBJECT, "agreement-ended", List.of(), "aitu",
					"3 years after the agreement ends", new DueDate(LocalDate.of(2029, 11, 2), CALENDAR, true), end));
		setUp();
		this.fixture.givenNoPriorActivity()
			.when(new EndProcessing(OPERATOR, SUBJECT, "purpose-reached", List.of("marketing"), "aitu", end))
			.expectEvents(new ProcessingEnded(OPERATOR, SUBJECT, "purpose-reached", List.of("marketing"), "aitu",
					"3 years after the agreement ends (not started: the agreement has not ended)", null, end));
	}

	/**
	 * Momu: destroyed a working day after the purpose is reached (Friday 28 August 2026:
	 * the next Monday is off); the version is the subject's latest accepted one.
	 */
	@Test
	void untilThePurposeIsReachedGivesAWorkingDayOnTheLatestAcceptedVersion() {
		Provenance reached = at("2026-08-28T12:00:00+05:00");
		this.fixture
			.given(new PolicyAccepted(OPERATOR, SUBJECT, "ipsm", "explicit", "valid", List.of(),
					at("2026-01-01T00:00:00Z")),
					new PolicyAccepted(OPERATOR, SUBJECT, "momu", "explicit", "valid", List.of(),
							at("2026-02-01T00:00:00Z")),
					new PolicyAccepted(OPERATOR, SUBJECT, "aitu", "explicit", "valid", List.of(),
							at("2026-09-01T00:00:00Z")))
			.when(new EndProcessing(OPERATOR, SUBJECT, "purpose-reached", List.of("service-provision"), null, reached))
			.expectEvents(new ProcessingEnded(OPERATOR, SUBJECT, "purpose-reached", List.of("service-provision"),
					"momu", "until the purpose is reached", new DueDate(LocalDate.of(2026, 9, 1), CALENDAR, false),
					reached));
	}

	/**
	 * Civil Code of RK Art. 173: 29 February 2024 plus three years is Sunday 28 February
	 * 2027, so the term ends on Monday 1 March (2027 is beyond the data: provisional).
	 */
	@Test
	void yearsEndingOnADayOffMoveToTheNextWorkingDay() {
		Provenance end = at("2024-02-29T12:00:00+05:00");
		this.fixture.givenNoPriorActivity()
			.when(new EndProcessing(OPERATOR, SUBJECT, "agreement-ended", List.of(), "aitu", end))
			.expectEvents(new ProcessingEnded(OPERATOR, SUBJECT, "agreement-ended", List.of(), "aitu",
					"3 years after the agreement ends", new DueDate(LocalDate.of(2027, 3, 1), CALENDAR, true), end));
	}

	/**
	 * An agreement that ends before its policy version is published (the publication
	 * travels in another partition) is stored without a date and noted; once the version
	 * is published the ledger judges it again with the rule's date, once.
	 */
	@Test
	void aRetentionOfAVersionPublishedLaterGetsItsDateWhenItIs() {
		Provenance end = at("2026-11-02T12:00:00+05:00");
		ProcessingEnded ended = new ProcessingEnded(OPERATOR, SUBJECT, "agreement-ended", List.of(), "later",
				"no rule: policy version later is not published", null, end);
		this.fixture.givenNoPriorActivity()
			.when(new EndProcessing(OPERATOR, SUBJECT, "agreement-ended", List.of(), "later", end))
			.expectEvents(ended);
		assertThat(this.unresolved).containsExactly(OPERATOR + " later " + OPERATOR + ":" + SUBJECT);

		setUp();
		this.published.put("later", policy("later", new PolicyTerms.Retention(3, false)));
		Instant learned = Instant.parse("2026-11-03T08:00:00Z");
		String because = "policy version later of operator " + OPERATOR + " was published";
		JudgmentRevised revised = new JudgmentRevised(OPERATOR, SUBJECT, end.source(), end.eventId(),
				"processing-ended", null,
				List.of("3 years after the agreement ends", "calendar " + CALENDAR + " (provisional)"),
				LocalDate.of(2029, 11, 2), because,
				new Provenance(SubjectConsent.JUDGMENT_SOURCE,
						UUID.nameUUIDFromBytes(
								(end.source() + "\n" + end.eventId() + "\n" + because).getBytes(StandardCharsets.UTF_8))
							.toString(),
						end.occurredAt(), learned));
		this.fixture.given(ended)
			.when(new RejudgeSubject(OPERATOR, SUBJECT, "later", because, learned))
			.expectEvents(revised);
		setUp();
		this.fixture.given(ended, revised)
			.when(new RejudgeSubject(OPERATOR, SUBJECT, "later", because, learned))
			.expectNoEvents();
	}

	@Test
	void noRuleGivesNoDate() {
		Provenance end = at("2026-11-02T12:00:00+05:00");
		this.fixture.givenNoPriorActivity()
			.when(new EndProcessing(OPERATOR, SUBJECT, "agreement-ended", List.of(), "ipsm", end))
			.expectEvents(
					new ProcessingEnded(OPERATOR, SUBJECT, "agreement-ended", List.of(), "ipsm", "no rule", null, end));
		setUp();
		this.fixture.givenNoPriorActivity()
			.when(new EndProcessing(OPERATOR, SUBJECT, "agreement-ended", List.of(), "2030-01-01", end))
			.expectEvents(new ProcessingEnded(OPERATOR, SUBJECT, "agreement-ended", List.of(), "2030-01-01",
					"no rule: policy version 2030-01-01 is not published", null, end));
		setUp();
		this.fixture.givenNoPriorActivity()
			.when(new EndProcessing(OPERATOR, SUBJECT, "agreement-ended", List.of(), null, end))
			.expectEvents(new ProcessingEnded(OPERATOR, SUBJECT, "agreement-ended", List.of(), null,
					"no rule: the event names no policy version and, when it arrived, the ledger held no grant or "
							+ "acceptance of the subject before 2026-11-02T07:00:00Z",
					null, end));
	}

	/** Answers and destructions are recorded as they come, an unknown request too. */
	@Test
	void answersAndDestructionsAreRecordedAsTheyCome() {
		Provenance time = at("2026-10-26T09:00:00+05:00");
		this.fixture.givenNoPriorActivity()
			.when(new AnswerSubjectRequest(OPERATOR, SUBJECT, "DSR-1", "refused", "sealed:v1:cmVhc29u", null, time))
			.expectEvents(new SubjectRequestAnswered(OPERATOR, SUBJECT, "DSR-1", "refused", "sealed:v1:cmVhc29u", null,
					time));
		setUp();
		this.fixture.givenNoPriorActivity()
			.when(new RecordDestruction(OPERATOR, SUBJECT, "e-1", "subject-request", "held", "Tax Code Art. 48",
					List.of("email"), List.of("crm"), "access-restriction", "sealed:v1:cGVy", time))
			.expectEvents(new DataDestroyed(OPERATOR, SUBJECT, "e-1", "subject-request", "held", "Tax Code Art. 48",
					List.of("email"), List.of("crm"), "access-restriction", "sealed:v1:cGVy", time));
	}

	private void request(String kind, Provenance time, String reference, LocalDate due) {
		setUp();
		this.fixture.givenNoPriorActivity()
			.when(new ReceiveSubjectRequest(OPERATOR, SUBJECT, "DSR-" + kind, kind, "email", time))
			.expectEvents(new SubjectRequestReceived(OPERATOR, SUBJECT, "DSR-" + kind, kind, "email", reference,
					new DueDate(due, CALENDAR, false), time));
	}

	private static PolicyTerms policy(String version, PolicyTerms.Retention retention) {
		return new PolicyTerms(version, Instant.parse("2021-01-01T00:00:00Z"), 7, List.of("service-provision"),
				List.of("email"), "KZ", retention);
	}

	private static Provenance at(String time) {
		Instant instant = java.time.OffsetDateTime.parse(time).toInstant();
		return new Provenance("//upstream.kz/crm", "e-" + time, instant, instant.plusSeconds(1));
	}

}
