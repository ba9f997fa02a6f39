package kz.consentledger.command.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import kz.consentledger.commands.AcceptPolicy;
import kz.consentledger.commands.EraseSubject;
import kz.consentledger.commands.GrantConsent;
import kz.consentledger.commands.RecordDataSharing;
import kz.consentledger.commands.RejudgeSubject;
import kz.consentledger.commands.WithdrawConsent;
import kz.consentledger.consent.KazakhstanCalendar;
import kz.consentledger.consent.PolicyTerms;
import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.ConsentWithdrawalRefused;
import kz.consentledger.events.ConsentWithdrawn;
import kz.consentledger.events.DataShared;
import kz.consentledger.events.GrantedBy;
import kz.consentledger.events.JudgmentRevised;
import kz.consentledger.events.PolicyAccepted;
import kz.consentledger.events.Provenance;
import kz.consentledger.events.Recipient;
import kz.consentledger.events.Refusal;
import kz.consentledger.events.SubjectEvent;
import kz.consentledger.replay.PositionedEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class SubjectConsentTest {

	private static final String OPERATOR = "180440011034";

	private static final String SUBJECT = "user-000417";

	private static final Recipient AFFILIATE = new Recipient("ibro-films-group", "Ibro films group", "affiliate", "KZ");

	private static final Recipient AD_PARTNER = new Recipient("adnet-eu", "Advertising network", "partner", "DE");

	private static final PolicyTerms POLICY = new PolicyTerms("2021-03-18", Instant.parse("2021-03-18T03:00:00Z"), 7,
			List.of("service-provision", "notifications", "marketing"), List.of("email", "phone", "cookies"), "KZ");

	private static final PolicyTerms NEW_POLICY = new PolicyTerms("2026-12-01", Instant.parse("2026-12-01T00:00:00Z"),
			7, POLICY.purposes(), POLICY.dataCategories(), "KZ");

	private DecisionFixture fixture;

	private final Map<String, PolicyTerms> published = new HashMap<>(
			Map.of(POLICY.version(), POLICY, NEW_POLICY.version(), NEW_POLICY));

	private final List<String> unresolved = new ArrayList<>();

	@BeforeEach
	void setUp() {
		this.fixture = new DecisionFixture();
		PolicyTermsLookup lookup = (operator, version) -> OPERATOR.equals(operator)
				? Optional.ofNullable(this.published.get(version)) : Optional.empty();
		PolicyReferences references = (operator, version, aggregateId) -> this.unresolved
			.add(operator + " " + version + " " + aggregateId);
		this.fixture.registerInjectableResource(lookup);
		this.fixture.registerInjectableResource(references);
		this.fixture.registerInjectableResource(KazakhstanCalendar.standard());
		this.fixture.registerInjectableResource(new DutyTerms(KazakhstanCalendar.standard(), 3, "access term"));
	}

	/**
	 * Issue 28: a grant that arrives after a disclosure it covers makes the ledger judge
	 * the disclosure again, linked to it, with the grant's receipt as the ledger time.
	 */
	@Test
	void aLateGrantRejudgesTheDisclosuresItBearsOn() {
		DataShared judged = shared("notifications", List.of("email"), AFFILIATE, "2026-10-20T11:45:00Z", "violation",
				List.of("no consent to purpose notifications was in force at 2026-10-20T11:45:00Z"), null);
		ConsentGranted late = granted("2026-10-02T09:31:07Z", List.of(AFFILIATE), List.of());
		this.fixture.given(judged)
			.when(new GrantConsent(OPERATOR, SUBJECT, POLICY.version(), late.purposes(), late.dataCategories(),
					late.recipients(), late.crossBorderCountries(), late.grantedBy(), late.channel(), null,
					late.language(), null, late.provenance()))
			.expectEvents(late,
					revised(judged, "data-shared", "ok",
							List.of("covered by the consent granted at 2026-10-02T09:31:07Z under policy 2021-03-18"),
							null, "consent-granted " + late.provenance().source() + " " + late.provenance().eventId()
									+ " (at 2026-10-02T09:31:07Z) arrived later",
							late.provenance().receivedAt()));
	}

	/** A grant after every disclosure changes no verdict: nothing is judged again. */
	@Test
	void aGrantAfterTheDisclosuresRejudgesNothing() {
		DataShared judged = shared("notifications", List.of("email"), AFFILIATE, "2026-10-01T11:45:00Z", "violation",
				List.of("no consent to purpose notifications was in force at 2026-10-01T11:45:00Z"), null);
		ConsentGranted grant = granted("2026-10-02T09:31:07Z", List.of(AFFILIATE), List.of());
		this.fixture.given(judged)
			.when(new GrantConsent(OPERATOR, SUBJECT, POLICY.version(), grant.purposes(), grant.dataCategories(),
					grant.recipients(), grant.crossBorderCountries(), grant.grantedBy(), grant.channel(), null,
					grant.language(), null, grant.provenance()))
			.expectEvents(grant);
	}

	/**
	 * A policy version published after a grant and an acceptance named it: the subject
	 * was noted, and once the version is known both are judged again.
	 */
	@Test
	void anUnknownVersionIsNotedForItsPublication() {
		this.fixture.givenNoPriorActivity()
			.when(new AcceptPolicy(OPERATOR, SUBJECT, "2027-01-01", "explicit", at("2027-01-02T00:00:00Z")));
		assertThat(this.unresolved).containsExactly(OPERATOR + " 2027-01-01 " + OPERATOR + ":" + SUBJECT);
	}

	@Test
	void aPublicationAfterItsFirstUseRejudgesTheGrantAndTheAcceptance() {
		String version = "2027-01-01";
		ConsentGranted grant = new ConsentGranted(OPERATOR, SUBJECT, version, List.of("marketing"), List.of("email"),
				List.of(), List.of(), new GrantedBy("subject", null, null), "web-form", null, "kk", null,
				List.of("policy version " + version + " has not been published by operator " + OPERATOR),
				at("2027-01-02T00:00:00Z"));
		PolicyAccepted accepted = new PolicyAccepted(OPERATOR, SUBJECT, version, "explicit", "unknown-version",
				List.of("policy version " + version + " has not been published by operator " + OPERATOR),
				at("2027-01-02T00:00:01Z"));
		this.published.put(version, new PolicyTerms(version, Instant.parse("2027-01-01T00:00:00Z"), 7,
				POLICY.purposes(), POLICY.dataCategories(), "KZ"));
		Instant learned = Instant.parse("2027-01-02T00:00:05Z");
		this.fixture.given(grant, accepted)
			.when(new RejudgeSubject(OPERATOR, SUBJECT, version, "published", learned))
			.expectEvents(revised(grant, "consent-granted", null, List.of(), null, "published", learned),
					revised(accepted, "policy-accepted", "valid", List.of(), null, "published", learned));
	}

	/**
	 * A re-judgment judges by the stream it reads, not by the state at hand, which may be
	 * behind the store (another instance appended): it may decide nothing, and then no
	 * append would reveal it.
	 */
	@Test
	void aRejudgmentJudgesByTheStreamItReadsNotByAStateBehindIt() {
		DataShared judged = shared("notifications", List.of("email"), AFFILIATE, "2026-10-20T11:45:00Z", "violation",
				List.of("no consent to purpose notifications was in force at 2026-10-20T11:45:00Z"), null);
		ConsentGranted late = granted("2026-10-02T09:31:07Z", List.of(AFFILIATE), List.of());
		SubjectConsent behind = new SubjectConsent(OPERATOR + ":" + SUBJECT);
		behind.evolve(0, judged);
		Decisions out = new Decisions();
		Instant learned = Instant.parse("2026-12-01T00:00:05Z");
		behind.decide(new RejudgeSubject(OPERATOR, SUBJECT, POLICY.version(), "published", learned),
				new DecisionContext((operator, version) -> Optional.ofNullable(this.published.get(version)),
						(operator, version, aggregateId) -> {
						}, (aggregateId) -> List.of(new PositionedEvent(0, judged), new PositionedEvent(1, late)),
						KazakhstanCalendar.standard(), null, null, out));
		assertThat(out.events()).extracting(Decisions.NewEvent::payload)
			.containsExactly(revised(judged, "data-shared", "ok",
					List.of("covered by the consent granted at 2026-10-02T09:31:07Z under policy 2021-03-18"), null,
					"published", learned));
	}

	/** Only a subject the ledger knows is erased or judged again. */
	@Test
	void anErasureOrARejudgmentOfASubjectWithNoEventIsRefused() {
		Instant now = Instant.parse("2026-12-01T00:00:00Z");
		assertThatThrownBy(() -> this.fixture.givenNoPriorActivity()
			.when(new RejudgeSubject(OPERATOR, SUBJECT, POLICY.version(), "published", now)))
			.isInstanceOf(UnknownSubjectException.class);
		assertThatThrownBy(() -> this.fixture.givenNoPriorActivity()
			.when(new EraseSubject(OPERATOR, SUBJECT, "asked", "subject", null, "dpo",
					new Provenance("urn:consent-ledger:erasure", "e-1", now, now))))
			.isInstanceOf(UnknownSubjectException.class);
	}

	/**
	 * A disclosure goes at the stream's next sequence number with its business time and
	 * purpose beside it, which sourcing reads instead of its payload (ADR 0019).
	 */
	@Test
	void aDisclosureIsDecidedAtTheNextSequenceWithItsTimeAndPurposeBesideIt() {
		this.fixture.given(granted("2026-10-02T09:31:07Z", List.of(AFFILIATE), List.of()))
			.when(sharing("notifications", List.of("email"), AFFILIATE, "2026-10-20T11:45:00Z"));
		assertThat(this.fixture.decided()).singleElement().satisfies((event) -> {
			assertThat(event.sequence()).isEqualTo(1);
			assertThat(event.streamType()).isEqualTo(SubjectConsent.STREAM_TYPE);
			assertThat(event.metadata()).containsOnly(entry(SubjectConsent.OCCURRED_AT, "2026-10-20T11:45:00Z"),
					entry(SubjectConsent.PURPOSE, "notifications"));
		});
	}

	@Test
	void aGrantIsRecordedWithWhatThePolicyDoesNotName() {
		this.fixture.givenNoPriorActivity()
			.when(new GrantConsent(OPERATOR, SUBJECT, POLICY.version(), List.of("marketing", "contests"),
					List.of("email", "face-image"), List.of(), List.of(), new GrantedBy("subject", null, null),
					"web-form", null, "kk", null, at("2026-10-02T09:31:07Z")))
			.expectEvents(new ConsentGranted(OPERATOR, SUBJECT, POLICY.version(), List.of("marketing", "contests"),
					List.of("email", "face-image"), List.of(), List.of(), new GrantedBy("subject", null, null),
					"web-form", null, "kk", null,
					List.of("purpose contests is not named in policy version 2021-03-18",
							"category face-image is not named in policy version 2021-03-18"),
					at("2026-10-02T09:31:07Z")));
	}

	@Test
	void sharingCoveredByTheConsentIsOk() {
		this.fixture.given(granted("2026-10-02T09:31:07Z", List.of(AFFILIATE), List.of()))
			.when(sharing("notifications", List.of("email"), AFFILIATE, "2026-10-20T11:45:00Z"))
			.expectEvents(shared("notifications", List.of("email"), AFFILIATE, "2026-10-20T11:45:00Z", "ok",
					List.of("covered by the consent granted at 2026-10-02T09:31:07Z under policy 2021-03-18"), null));
	}

	@Test
	void sharingForAWithdrawnPurposeInsideTheWindowIsALateStop() {
		this.fixture
			.given(granted("2026-10-02T09:31:07Z", List.of(AFFILIATE), List.of()),
					withdrawn(List.of("marketing"), "2026-11-01T04:12:44Z", LocalDate.of(2026, 11, 20)))
			.when(sharing("marketing", List.of("email"), AFFILIATE, "2026-11-05T03:00:00Z"))
			.expectEvents(shared("marketing", List.of("email"), AFFILIATE, "2026-11-05T03:00:00Z", "late-stop", List
				.of("consent to purpose marketing was withdrawn at 2026-11-01T04:12:44Z; processing must stop by 2026-11-20"),
					LocalDate.of(2026, 11, 20)));
	}

	@Test
	void sharingForAWithdrawnPurposeAfterTheWindowIsAViolation() {
		this.fixture
			.given(granted("2026-10-02T09:31:07Z", List.of(AFFILIATE), List.of()),
					withdrawn(List.of("marketing"), "2026-11-01T04:12:44Z", LocalDate.of(2026, 11, 20)))
			.when(sharing("marketing", List.of("email"), AFFILIATE, "2026-11-21T03:00:00Z"))
			.expectEvents(shared("marketing", List.of("email"), AFFILIATE, "2026-11-21T03:00:00Z", "violation", List
				.of("consent to purpose marketing was withdrawn at 2026-11-01T04:12:44Z; the stop was due by 2026-11-20"),
					LocalDate.of(2026, 11, 20)));
	}

	@Test
	void theContractsViolationNamesEveryGap() {
		this.fixture
			.given(granted("2026-10-02T09:31:07Z", List.of(AFFILIATE), List.of()),
					withdrawn(List.of("marketing"), "2026-11-01T04:12:44Z", LocalDate.of(2026, 11, 20)))
			.when(sharing("marketing", List.of("email", "device-info"), AD_PARTNER, "2026-11-05T03:00:00Z"))
			.expectEvents(shared("marketing", List.of("email", "device-info"), AD_PARTNER, "2026-11-05T03:00:00Z",
					"violation",
					List.of("consent to purpose marketing was withdrawn at 2026-11-01T04:12:44Z; the stop was due by 2026-11-20",
							"category device-info is not covered by the consent",
							"recipient adnet-eu is not named in the consent",
							"cross-border transfer to DE is not covered (data is stored in KZ)"),
					LocalDate.of(2026, 11, 20)));
	}

	@Test
	void aCrossBorderCountryNamedInTheConsentIsCovered() {
		this.fixture.given(granted("2026-10-02T09:31:07Z", List.of(), List.of("DE")))
			.when(sharing("marketing", List.of("email"), AD_PARTNER, "2026-10-05T03:00:00Z"))
			.expectEvents(shared("marketing", List.of("email"), AD_PARTNER, "2026-10-05T03:00:00Z", "ok",
					List.of("covered by the consent granted at 2026-10-02T09:31:07Z under policy 2021-03-18"), null));
	}

	@Test
	void sharingBeforeTheGrantIsJudgedByBusinessTimeNotArrivalOrder() {
		this.fixture.given(granted("2026-10-02T09:31:07Z", List.of(AFFILIATE), List.of()))
			.when(sharing("notifications", List.of("email"), AFFILIATE, "2026-09-30T00:00:00Z"))
			.expectEvents(shared("notifications", List.of("email"), AFFILIATE, "2026-09-30T00:00:00Z", "violation",
					List.of("no consent to purpose notifications was in force at 2026-09-30T00:00:00Z"), null));
	}

	@Test
	void aDisclosureOnAStateRequestNeedsNoConsent() {
		Recipient police = new Recipient("kz-law-enforcement", "Law enforcement", "state-body", "KZ");
		this.fixture.givenNoPriorActivity()
			.when(new RecordDataSharing(OPERATOR, SUBJECT, police, "legal-compliance", List.of("email"),
					"state-request", "request-114", at("2026-11-10T07:00:00Z")))
			.expectEvents(new DataShared(OPERATOR, SUBJECT, police, "legal-compliance", List.of("email"),
					"state-request", "request-114", "ok",
					List.of("legal basis state-request does not rest on consent (request request-114)"), null,
					at("2026-11-10T07:00:00Z")));
	}

	/**
	 * The aggregate reads a disclosure's or an acceptance's payload only when it names a
	 * new aggregate: a stream that began with them is still the subject's, and its grant
	 * still counts.
	 */
	@Test
	void aStreamThatBeganWithoutAGrantNamesItsSubjectAndKeepsTheGrant() {
		this.fixture
			.given(shared("marketing", List.of("email"), AFFILIATE, "2026-09-01T00:00:00Z", "violation",
					List.of("no consent to purpose marketing was in force at 2026-09-01T00:00:00Z"), null),
					new PolicyAccepted(OPERATOR, SUBJECT, POLICY.version(), "explicit", "valid", List.of(),
							at("2026-09-02T00:00:00Z")),
					granted("2026-10-02T09:31:07Z", List.of(AFFILIATE), List.of()),
					new ConsentWithdrawalRefused(OPERATOR, SUBJECT, List.of("marketing"), "written-paper", null,
							new Refusal("unfulfilled-obligation", "sealed:v1:x", null), at("2026-10-03T00:00:00Z")))
			.when(sharing("marketing", List.of("email"), AFFILIATE, "2026-10-20T11:45:00Z"))
			.expectEvents(shared("marketing", List.of("email"), AFFILIATE, "2026-10-20T11:45:00Z", "ok",
					List.of("covered by the consent granted at 2026-10-02T09:31:07Z under policy 2021-03-18"), null));
	}

	@Test
	void aRefusedWithdrawalIsRecordedAndTheConsentStays() {
		Refusal refusal = new Refusal("unfulfilled-obligation", "sealed:v1:x", null);
		this.fixture.given(granted("2026-10-02T09:31:07Z", List.of(AFFILIATE), List.of()))
			.when(new WithdrawConsent(OPERATOR, SUBJECT, List.of("service-provision"), "written-paper", null, refusal,
					at("2026-11-02T06:00:00Z")))
			.expectEvents(new ConsentWithdrawalRefused(OPERATOR, SUBJECT, List.of("service-provision"), "written-paper",
					null, refusal, at("2026-11-02T06:00:00Z")));
	}

	/**
	 * Issue 28 with the purposes left out: the withdrawal of every purpose, received
	 * before the grant it withdraws, still ends it for the disclosures after it.
	 */
	@Test
	void aWithdrawalOfEveryPurposeReceivedBeforeItsGrantEndsIt() {
		this.fixture
			.given(withdrawn(List.of(), "2026-11-01T04:12:44Z", LocalDate.of(2026, 11, 20)),
					granted("2026-10-02T09:31:07Z", List.of(AFFILIATE), List.of()))
			.when(sharing("marketing", List.of("email"), AFFILIATE, "2026-11-05T03:00:00Z"))
			.expectEvents(shared("marketing", List.of("email"), AFFILIATE, "2026-11-05T03:00:00Z", "late-stop",
					List.of("consent to purpose marketing was withdrawn at 2026-11-01T04:12:44Z; processing must stop "
							+ "by 2026-11-20"),
					LocalDate.of(2026, 11, 20)));
	}

	@Test
	void aWithdrawalWithoutPurposesEndsEveryPurposeInForce() {
		this.fixture
			.given(granted("2026-10-02T09:31:07Z", List.of(AFFILIATE), List.of()),
					withdrawn(List.of("marketing"), "2026-10-10T04:00:00Z", LocalDate.of(2026, 10, 30)))
			.when(new WithdrawConsent(OPERATOR, SUBJECT, List.of(), "egov", null, null, at("2026-12-14T04:00:00Z")))
			// 16 Dec, 1 Jan and 7 Jan are holidays, and 2 Jan (a Saturday) moves to
			// Monday 4 Jan.
			.expectEvents(withdrawn(List.of(), "2026-12-14T04:00:00Z", LocalDate.of(2027, 1, 8)));
	}

	@Test
	void implicitAcceptanceBeforeTheWaitingPeriodIsPremature() {
		this.fixture.givenNoPriorActivity()
			.when(new AcceptPolicy(OPERATOR, SUBJECT, "2026-12-01", "implicit", at("2026-12-05T00:00:00Z")))
			.expectEvents(new PolicyAccepted(OPERATOR, SUBJECT, "2026-12-01", "implicit", "premature", List
				.of("implicit acceptance is valid only from 2026-12-08T00:00:00Z (7 days after the version took effect)"),
					at("2026-12-05T00:00:00Z")));
	}

	@Test
	void implicitAcceptanceAfterTheWaitingPeriodIsValidAndAnUnknownVersionIsFlagged() {
		this.fixture.givenNoPriorActivity()
			.when(new AcceptPolicy(OPERATOR, SUBJECT, "2026-12-01", "implicit", at("2026-12-09T00:00:00Z")))
			.expectEvents(new PolicyAccepted(OPERATOR, SUBJECT, "2026-12-01", "implicit", "valid", List.of(),
					at("2026-12-09T00:00:00Z")));
		this.fixture.givenNoPriorActivity()
			.when(new AcceptPolicy(OPERATOR, SUBJECT, "2030-01-01", "explicit", at("2026-12-09T00:00:00Z")))
			.expectEvents(new PolicyAccepted(OPERATOR, SUBJECT, "2030-01-01", "explicit", "unknown-version",
					List.of("policy version 2030-01-01 has not been published by operator 180440011034"),
					at("2026-12-09T00:00:00Z")));
	}

	@Test
	void anExpiredConsentNoLongerCoversSharing() {
		ConsentGranted expiring = new ConsentGranted(OPERATOR, SUBJECT, POLICY.version(), List.of("marketing"),
				List.of("email"), List.of(), List.of(), new GrantedBy("subject", null, null), "web-form", null, "kk",
				Instant.parse("2026-10-31T00:00:00Z"), List.of(), at("2026-10-02T09:31:07Z"));
		this.fixture.given(expiring)
			.when(sharing("marketing", List.of("email"), AFFILIATE, "2026-11-01T00:00:00Z"))
			.expectEvents(shared("marketing", List.of("email"), AFFILIATE, "2026-11-01T00:00:00Z", "violation",
					List.of("no consent to purpose marketing was in force at 2026-11-01T00:00:00Z"), null));
	}

	@Test
	void theStopWindowIsFifteenWorkingDaysOnKazakhstansCalendar() {
		assertThat(KazakhstanCalendar.standard().addWorkingDays(LocalDate.of(2026, 11, 1), 15))
			.isEqualTo(LocalDate.of(2026, 11, 20));
		// Republic Day (25 Oct 2026, a Sunday) moves to Monday 26 Oct.
		assertThat(KazakhstanCalendar.standard().isWorkingDay(LocalDate.of(2026, 10, 26))).isFalse();
		// Nauryz 2026: 21 (Sat), 22 (Sun), 23 (Mon) March; the weekend days move to 24
		// and 25 March.
		assertThat(KazakhstanCalendar.standard().isWorkingDay(LocalDate.of(2026, 3, 24))).isFalse();
		assertThat(KazakhstanCalendar.standard().isWorkingDay(LocalDate.of(2026, 3, 25))).isFalse();
		assertThat(KazakhstanCalendar.standard().isWorkingDay(LocalDate.of(2026, 3, 26))).isTrue();
		// Kurban Ait 2026 and Independence Day.
		assertThat(KazakhstanCalendar.standard().isWorkingDay(LocalDate.of(2026, 5, 27))).isFalse();
		assertThat(KazakhstanCalendar.standard().isWorkingDay(LocalDate.of(2026, 12, 16))).isFalse();
	}

	private static JudgmentRevised revised(SubjectEvent judged, String type, String verdict, List<String> reasons,
			LocalDate stopDueBy, String because, Instant receivedAt) {
		Provenance provenance = judged.provenance();
		String eventId = java.util.UUID
			.nameUUIDFromBytes((provenance.source() + "\n" + provenance.eventId() + "\n" + because)
				.getBytes(java.nio.charset.StandardCharsets.UTF_8))
			.toString();
		return new JudgmentRevised(OPERATOR, SUBJECT, provenance.source(), provenance.eventId(), type, verdict, reasons,
				stopDueBy, because,
				new Provenance(SubjectConsent.JUDGMENT_SOURCE, eventId, provenance.occurredAt(), receivedAt));
	}

	private static ConsentGranted granted(String time, List<Recipient> recipients, List<String> countries) {
		return new ConsentGranted(OPERATOR, SUBJECT, POLICY.version(),
				List.of("service-provision", "notifications", "marketing"), List.of("email", "phone", "cookies"),
				recipients, countries, new GrantedBy("subject", null, null), "web-form", null, "kk", null, List.of(),
				at(time));
	}

	/**
	 * The tests' withdrawals are made in published years: a stop date in a year the
	 * calendar data does not hold is provisional (it counted days of that year).
	 */
	private static ConsentWithdrawn withdrawn(List<String> purposes, String time, LocalDate due) {
		return new ConsentWithdrawn(OPERATOR, SUBJECT, purposes, "egov", null, due,
				KazakhstanCalendar.standard().version(), !KazakhstanCalendar.standard().isPublished(due), at(time));
	}

	private static RecordDataSharing sharing(String purpose, List<String> categories, Recipient recipient,
			String time) {
		return new RecordDataSharing(OPERATOR, SUBJECT, recipient, purpose, categories, "consent", null, at(time));
	}

	private static DataShared shared(String purpose, List<String> categories, Recipient recipient, String time,
			String verdict, List<String> reasons, LocalDate due) {
		return new DataShared(OPERATOR, SUBJECT, recipient, purpose, categories, "consent", null, verdict, reasons, due,
				at(time));
	}

	private static Provenance at(String time) {
		return new Provenance("//test/source", "event-" + time, Instant.parse(time),
				Instant.parse("2026-12-31T00:00:00Z"));
	}

}
