package kz.consentledger.deploy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Fills the ledger's Kafka topic with demo data, as the operators' upstream services
 * would: first the contract's example story (docs/contract/examples, in its README's
 * order), then the DPO's week (docs/demo/dpo-week, in file-name order: the duties after
 * consent, docs/dpo-week.md), then a synthetic population: one policy version per seed
 * operator and, per subject, a consent followed by policy acceptances, withdrawals (some
 * refused) and disclosures (mostly covered by the consent, some violations, some on a
 * state body's request).
 *
 * <p>
 * The output depends only on {@code --seed} and {@code --subjects} (ids and times
 * included), so a second run redelivers the same events, which the ledger ignores as
 * duplicates.
 *
 * <pre>
 * java -cp "deploy/target/lib/*:deploy/target/deploy-0.1.0-SNAPSHOT.jar" kz.consentledger.deploy.DemoLoader \
 *     --bootstrap localhost:9092 --topic consent.events.v1 --examples docs/contract/examples \
 *     --week docs/demo/dpo-week --subjects 3000 --seed 42
 * </pre>
 */
public final class DemoLoader {

	static final String STRUCTURED_CONTENT_TYPE = JsonFormat.CONTENT_TYPE + "; charset=UTF-8";

	/** The contract's story order (docs/contract/examples/README.md). */
	static final List<String> STORY = List.of("policy-published", "granted", "granted-by-representative", "data-shared",
			"withdrawn", "withdrawn-refused", "data-shared-violation", "data-shared-state-request", "policy-accepted");

	public static final String PUBLISHED = "kz.consent.policy.published.v1";

	public static final String GRANTED = "kz.consent.granted.v1";

	public static final String WITHDRAWN = "kz.consent.withdrawn.v1";

	public static final String ACCEPTED = "kz.consent.policy.accepted.v1";

	public static final String SHARED = "kz.consent.data.shared.v1";

	/** Kazakhstan has used a single UTC+5 offset since March 2024. */
	public static final ZoneOffset KZ = ZoneOffset.ofHours(5);

	/**
	 * Synthetic activity ends here, so that none of it lies in the future of a machine
	 * clock in late 2026.
	 */
	public static final OffsetDateTime END = OffsetDateTime.of(2026, 10, 31, 23, 0, 0, 0, KZ);

	static final Recipient LAW_ENFORCEMENT = new Recipient("kz-law-enforcement",
			"Law-enforcement body (reasoned request)", "state-body", "KZ");

	static final Recipient STATE_REVENUE = new Recipient("kz-state-revenue",
			"State Revenue Committee (reasoned request)", "state-body", "KZ");

	/**
	 * A recipient abroad that no consent names: disclosures to it on the basis of consent
	 * are violations.
	 */
	static final Recipient AD_NETWORK = new Recipient("adnet-eu", "Advertising network", "partner", "DE");

	static final List<String> AITU_PURPOSES = List.of("service-provision", "contract-performance", "legal-compliance",
			"marketing", "contests", "surveys", "notifications", "service-improvement", "preference-analysis");

	static final List<String> AITU_CATEGORIES = List.of("full-name", "identity-document", "social-network-ids", "phone",
			"email", "face-image", "ip-address", "geolocation", "search-history", "access-time", "cookies", "browser",
			"depersonalised-data");

	static final List<Recipient> AITU_RECIPIENTS = List.of(
			new Recipient("aitu-group", "AITU group affiliates", "affiliate", "KZ"),
			new Recipient("aitu-partners", "AITU partners", "partner", "KZ"),
			new Recipient("it-support-contractors", "IT support contractors", "processor", "KZ"),
			new Recipient("aitu-partners-abroad", "AITU partners abroad (cross-border transfer)", "partner", "AE"),
			new Recipient("public-sources", "Publication of contest winners", "public", "KZ"));

	/**
	 * The five operators of docs/seeds with the purposes and categories their policies
	 * name (docs/domain.md). Only Ibro films' BIN is real (its policy states it); the
	 * others are invented, with valid check digits.
	 */
	public static final List<Operator> OPERATORS = List.of(
			new Operator("180440011034", "kinoqazaqsha.kz", true, "2026-01-15", List.of("kk"),
					List.of("service-provision", "identification", "support-requests", "refunds", "notifications",
							"fraud-prevention", "preference-analysis", "marketing", "depersonalised-research",
							"service-improvement"),
					List.of("email", "phone", "login-credentials", "content-rights-history", "ip-address", "cookies",
							"geolocation", "browser", "device-info", "access-time", "support-call-recording"),
					List.of(new Recipient("payment-intermediaries", "Payment intermediaries named in the service",
							"payment-intermediary", "KZ"),
							new Recipient("ibro-films-group", "Ibro films group legal entities", "affiliate", "KZ")),
					25),
			// IPSM 3.3 reserves the right to keep data on servers outside Kazakhstan: a
			// hosting processor abroad.
			new Operator(
					"190840027812", "ipsm.kz", false, "2026-01-05", List.of("kk"), List.of("service-provision",
							"identification", "support-requests", "marketing", "depersonalised-research"),
					List.of("full-name", "email", "phone", "identity-document"),
					List.of(new Recipient("ipsm-hosting", "Hosting provider (servers outside Kazakhstan)", "processor",
							"DE"), LAW_ENFORCEMENT),
					10),
			new Operator(
					"151140009623", "momu.kz", false, "2026-01-08", List.of("kk"), List.of("service-provision",
							"contract-performance", "support-requests", "notifications", "service-improvement",
							"depersonalised-research", "marketing", "preference-analysis", "fraud-prevention"),
					List.of("full-name", "phone", "email", "cookies", "device-info"),
					List.of(new Recipient("momu-partners", "Partners of Mnogo Muzyki in Kazakhstan", "partner", "KZ"),
							new Recipient("momu-partners-abroad", "Partners abroad with adequate data protection",
									"partner", "NL")),
					10),
			new Operator("210240034173", "dosmart.kz", true, "2026-01-12", List.of("kk", "ru"), AITU_PURPOSES,
					AITU_CATEGORIES, AITU_RECIPIENTS, 25),
			new Operator("210240034183", "aitube.kz", true, "2026-01-12", List.of("kk"), AITU_PURPOSES, AITU_CATEGORIES,
					AITU_RECIPIENTS, 30));

	static final List<String> USER_AGENTS = List.of("Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
			"Mozilla/5.0 (X11; Linux x86_64)", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)",
			"Mozilla/5.0 (Linux; Android 14; SM-A546E)");

	static final List<String> APP_AGENTS = List.of("Android 14; SM-A546E", "Android 13; Redmi Note 12",
			"iOS 17.5; iPhone14,5", "iOS 18.1; iPhone15,3");

	static final List<String> ABROAD = List.of("DE", "NL", "AE", "TR", "RU");

	private final ObjectMapper mapper = new ObjectMapper();

	private final Random random;

	private final Map<String, Integer> counts = new TreeMap<>();

	private int sequence;

	DemoLoader(long seed) {
		this.random = new Random(seed);
	}

	public static void main(String[] args) throws Exception {
		// Unconfigured logback would print the Kafka client's DEBUG chatter.
		if (System.getProperty("logback.configurationFile") == null) {
			System.setProperty("logback.configurationFile", "kz/consentledger/deploy/demo-loader-logback.xml");
		}
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		for (Operator operator : OPERATORS) {
			if (!isValidBin(operator.bin())) {
				throw new IllegalStateException("BIN " + operator.bin() + " fails its check digit");
			}
		}
		DemoLoader loader = new DemoLoader(options.seed());
		try (Sender sender = new Sender(options.bootstrap(), options.topic())) {
			if (options.examples() != null) {
				loader.sendStory(sender, options.examples(), STORY);
			}
			if (options.week() != null) {
				loader.sendStory(sender, options.week(), weekOf(options.week()));
			}
			// Flushed first: a running ledger should see the stories first.
			sender.flush();
			loader.sendSynthetic(sender, options.subjects());
			sender.flush();
			System.out.printf("Sent %d events to %s (%d binary, %d structured CloudEvents)%n", sender.sent(),
					options.topic(), sender.binary(), sender.structured());
			loader.counts.forEach((name, count) -> System.out.printf("  %-52s %6d%n", name, count));
			if (sender.failed() > 0) {
				System.err.printf("%d events were not acknowledged by Kafka; the first failure: %s%n", sender.failed(),
						sender.firstFailure());
				System.exit(1);
			}
		}
	}

	/**
	 * The BIN/IIN check digit: weights 1..11 over the first 11 digits mod 11; when that
	 * is 10, weights 3..11,1,2; a second 10 makes the number invalid.
	 */
	static boolean isValidBin(String bin) {
		if (bin == null || !bin.matches("\\d{12}")) {
			return false;
		}
		int check = weightedMod11(bin, 1);
		if (check == 10) {
			check = weightedMod11(bin, 3);
		}
		return check != 10 && check == bin.charAt(11) - '0';
	}

	private static int weightedMod11(String digits, int firstWeight) {
		int sum = 0;
		for (int i = 0; i < 11; i++) {
			int weight = (firstWeight - 1 + i) % 11 + 1;
			sum += weight * (digits.charAt(i) - '0');
		}
		return sum % 11;
	}

	/** The example files as they are (compacted), structured mode, in the story order. */
	/** The DPO's week: its files in name order ({@code 01-...json}). */
	static List<String> weekOf(Path dir) throws IOException {
		try (var files = Files.list(dir)) {
			return files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.endsWith(".json"))
				.map((name) -> name.substring(0, name.length() - ".json".length()))
				.sorted()
				.toList();
		}
	}

	void sendStory(Sender sender, Path dir, List<String> names) throws IOException {
		for (String name : names) {
			JsonNode event = mapper.readTree(dir.resolve(name + ".json").toFile());
			JsonNode operator = event.path("data").path("operator");
			if (!event.hasNonNull("type") || !operator.isTextual()) {
				throw new IllegalArgumentException(name + ".json is not a contract event (no type or data.operator)");
			}
			String key = operator.asText() + (event.hasNonNull("subject") ? ":" + event.get("subject").asText() : "");
			sender.sendJson(key, mapper.writeValueAsBytes(event));
			count("story: " + dir.getFileName() + " files");
		}
	}

	void sendSynthetic(Sender sender, int subjects) {
		for (Operator operator : OPERATORS) {
			send(sender, operator.bin(), operator, "cms", PUBLISHED, "pol-" + operator.policyVersion(), null,
					operator.effectiveAt(), policyData(operator));
		}
		// Policies first: a running ledger should know the versions consents cite.
		sender.flush();
		int totalWeight = OPERATORS.stream().mapToInt(Operator::weight).sum();
		for (int i = 0; i < subjects; i++) {
			// Weighted by each operator's share of the subjects.
			int pick = random.nextInt(totalWeight);
			Operator operator = OPERATORS.get(0);
			for (Operator candidate : OPERATORS) {
				operator = candidate;
				pick -= candidate.weight();
				if (pick < 0) {
					break;
				}
			}
			// From 100000 up: clear of the story's subjects (user-000417, user-000902).
			new SubjectStory(sender, operator, "user-%06d".formatted(100_000 + i)).play();
			count("subjects: " + operator.host());
		}
	}

	public static Map<String, Object> policyData(Operator operator) {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (String language : operator.languages()) {
			String url = "https://%s/privacy-policy-%s-%s.pdf".formatted(operator.host(), operator.policyVersion(),
					language);
			documents.add(json("language", language, "url", url, "sha256", sha256(url)));
		}
		return json("operator", operator.bin(), "version", operator.policyVersion(), "effectiveAt",
				format(operator.effectiveAt()), "implicitAcceptanceDays", 7, "documents", documents, "purposes",
				operator.purposes(), "dataCategories", operator.categories(), "recipients", operator.recipients(),
				"storageCountry", "KZ", "retention", json("yearsAfterAgreementEnd", 3));
	}

	/** Half of the synthetic events in each CloudEvents Kafka binding, alternating. */
	void send(Sender sender, String key, Operator operator, String sourcePath, String type, String id, String subject,
			OffsetDateTime time, Map<String, Object> data) {
		CloudEventBuilder builder = CloudEventBuilder.v1()
			.withId(id)
			.withSource(URI.create("//" + operator.host() + "/" + sourcePath))
			.withType(type)
			.withTime(time)
			.withData("application/json", toJson(data));
		if (subject != null) {
			builder.withSubject(subject);
		}
		sender.send(key, builder.build(), (sequence++ % 2 == 0) ? Encoding.BINARY : Encoding.STRUCTURED);
		count("events: " + type);
	}

	/** One subject's life at one operator; events are generated in time order. */
	final class SubjectStory {

		private final Sender sender;

		private final Operator operator;

		private final String subject;

		private final List<String> grantedPurposes;

		private final List<String> grantedCategories;

		private final List<Recipient> namedRecipients;

		private final List<String> crossBorderCountries;

		private final Set<String> activePurposes;

		private final Set<String> withdrawnPurposes = new LinkedHashSet<>();

		private OffsetDateTime time;

		SubjectStory(Sender sender, Operator operator, String subject) {
			this.sender = sender;
			this.operator = operator;
			this.subject = subject;
			this.grantedPurposes = subset(operator.purposes(), 0.5, "service-provision");
			this.grantedCategories = subset(operator.categories(), 0.5, null);
			this.namedRecipients = chance(0.4) ? subset(consentable(operator.recipients()), 0.6, null) : List.of();
			List<String> countries = new ArrayList<>();
			for (Recipient recipient : namedRecipients.isEmpty() ? operator.recipients() : namedRecipients) {
				// The countries of recipients abroad: usually listed, not always.
				if (!"KZ".equals(recipient.country()) && !countries.contains(recipient.country()) && chance(0.7)) {
					countries.add(recipient.country());
				}
			}
			if (chance(0.05)) {
				String extra = pick(ABROAD);
				if (!countries.contains(extra)) {
					countries.add(extra);
				}
			}
			this.crossBorderCountries = countries;
			this.activePurposes = new LinkedHashSet<>(grantedPurposes);
		}

		void play() {
			long span = Duration.between(operator.effectiveAt().plusHours(1), END.minusDays(1)).toMinutes();
			OffsetDateTime day = operator.effectiveAt().plusHours(1).plusMinutes((long) (random.nextDouble() * span));
			// A business-hours-ish time of day on that date.
			time = OffsetDateTime.of(day.toLocalDate(), LocalTime.of(8, 0), KZ)
				.plusSeconds(random.nextInt(15 * 3600))
				.truncatedTo(ChronoUnit.SECONDS);
			if (time.isBefore(operator.effectiveAt())) {
				// Never consent under a version that is not in force yet.
				time = operator.effectiveAt().plusMinutes(1 + random.nextInt(600));
			}
			grant();

			List<Runnable> later = new ArrayList<>();
			int shares = random.nextDouble() < 0.45 ? 0 : 1 + random.nextInt(4);
			for (int i = 0; i < shares; i++) {
				later.add(this::share);
			}
			if (chance(0.18)) {
				later.add(this::withdraw);
			}
			Collections.shuffle(later, random);
			if (chance(0.35)) {
				later.add(0, chance(0.5) ? this::acceptExplicitly : this::acceptImplicitly);
			}
			for (Runnable step : later) {
				time = time.plusMinutes(10 + random.nextInt(30 * 24 * 60));
				if (time.isAfter(END)) {
					return;
				}
				step.run();
			}
		}

		private void grant() {
			String channel = channel();
			Map<String, Object> grantedBy = chance(0.05) ? json("kind", "legal-representative", "name",
					pick(List.of("Parent of the subject", "Guardian of the subject",
							"Trustee under a power of attorney")),
					"documentRef", "representation-doc-%06d".formatted(random.nextInt(1_000_000)))
					: json("kind", "subject");
			if (!"subject".equals(grantedBy.get("kind"))) {
				count("granted: by a legal representative");
			}
			Map<String, Object> data = json("operator", operator.bin(), "policyVersion", operator.policyVersion(),
					"purposes", grantedPurposes, "dataCategories", grantedCategories, "recipients",
					namedRecipients.isEmpty() ? null : namedRecipients, "crossBorderCountries",
					crossBorderCountries.isEmpty() ? null : crossBorderCountries, "grantedBy", grantedBy, "channel",
					channel, "evidence", evidence(channel), "language", pick(List.of("kk", "kk", "ru", "ru", "en")),
					"expiresAt", chance(0.1) ? format(time.plusYears(chance(0.5) ? 1 : 3)) : null);
			send(sender, key(), operator, sourcePath(channel), GRANTED, uuid(), subject, time, data);
		}

		private void acceptExplicitly() {
			accept("explicit");
		}

		/**
		 * After at least the policy's 7 days of continued use, so the acceptance is
		 * valid.
		 */
		private void acceptImplicitly() {
			OffsetDateTime earliest = operator.effectiveAt().plusDays(7);
			if (time.isBefore(earliest)) {
				time = earliest.plusHours(random.nextInt(72));
			}
			accept("implicit");
		}

		private void accept(String mode) {
			if (time.isAfter(END)) {
				return;
			}
			send(sender, key(), operator, operator.app() && chance(0.5) ? "mobile" : "web", ACCEPTED, "acc-" + uuid(),
					subject, time,
					json("operator", operator.bin(), "policyVersion", operator.policyVersion(), "mode", mode));
			count("policy.accepted: " + mode);
		}

		private void withdraw() {
			List<String> purposes = chance(0.25) || activePurposes.isEmpty() ? null
					: subset(new ArrayList<>(activePurposes), 0.4, null);
			String channel = pick(operator.app()
					? List.of("written-electronic", "written-electronic", "written-paper", "web-form", "mobile-app")
					: List.of("written-electronic", "written-electronic", "written-paper", "web-form"));
			boolean written = channel.startsWith("written");
			Map<String, Object> refused = null;
			if (chance(0.2)) {
				refused = chance(0.6)
						? json("reason", "unfulfilled-obligation", "detail",
								"Unpaid subscription period until " + time.toLocalDate().plusDays(20), "reference",
								"contract-%06d".formatted(random.nextInt(1_000_000)))
						: json("reason", "legal-obligation", "detail",
								"Records kept for the retention period required by the Tax Code");
				count("withdrawn: refused");
			}
			else {
				List<String> gone = purposes == null ? new ArrayList<>(activePurposes) : purposes;
				gone.forEach(activePurposes::remove);
				withdrawnPurposes.addAll(gone);
			}
			send(sender, key(), operator, sourcePath(channel), WITHDRAWN, uuid(), subject, time,
					json("operator", operator.bin(), "purposes", purposes, "channel", channel, "applicationRef",
							written ? "app-%s-%04d".formatted(time.toLocalDate(), random.nextInt(10_000)) : null,
							"refused", refused));
		}

		/**
		 * A disclosure: mostly covered by the consent, some on a contract or a state
		 * body's request, some violations. When the chosen kind is impossible (e.g. every
		 * purpose withdrawn) the operator shares nothing.
		 */
		private void share() {
			double roll = random.nextDouble();
			boolean shared = (roll < 0.14) ? shareViolating()
					: (roll < 0.24) ? shareOnContract() : (roll < 0.32) ? shareOnStateRequest() : shareCovered();
			if (!shared) {
				count("data.shared: none possible (skipped)");
			}
		}

		private boolean shareCovered() {
			if (activePurposes.isEmpty()) {
				return false;
			}
			String purpose = pick(new ArrayList<>(activePurposes));
			List<Recipient> covering = coveringRecipients(purpose);
			if (covering.isEmpty()) {
				return false;
			}
			shared(pick(covering), purpose, subset(grantedCategories, 0.3, null), "consent", null, "crm");
			count("data.shared: covered by consent");
			return true;
		}

		private boolean shareOnContract() {
			for (Recipient recipient : operator.recipients()) {
				if ("payment-intermediary".equals(recipient.kind()) || "processor".equals(recipient.kind())) {
					String purpose = operator.purposes().contains("refunds") && chance(0.3) ? "refunds"
							: "service-provision";
					shared(recipient, purpose, subset(grantedCategories, 0.3, null), "contract", null, "billing");
					count("data.shared: on a contract");
					return true;
				}
			}
			return false;
		}

		private boolean shareOnStateRequest() {
			shared(chance(0.7) ? LAW_ENFORCEMENT : STATE_REVENUE, "legal-compliance",
					subset(grantedCategories, 0.4, null), "state-request",
					"request-%s-%03d".formatted(time.toLocalDate(), random.nextInt(1000)), "legal");
			count("data.shared: state request");
			return true;
		}

		/**
		 * On the basis of consent but breaking one condition a covering consent must meet
		 * (purpose, every category, named recipient, country abroad), or for a withdrawn
		 * purpose (a late stop or a violation, by the ledger's 15-working-day rule).
		 */
		private boolean shareViolating() {
			List<String> unconsentedPurposes = new ArrayList<>(operator.purposes());
			unconsentedPurposes.removeAll(grantedPurposes);
			unconsentedPurposes.remove("legal-compliance");
			List<String> unconsentedCategories = new ArrayList<>(operator.categories());
			unconsentedCategories.removeAll(grantedCategories);
			String purpose = activePurposes.isEmpty() ? null : pick(new ArrayList<>(activePurposes));
			List<Recipient> covering = (purpose != null) ? coveringRecipients(purpose) : List.of();
			List<Recipient> unnamed = new ArrayList<>();
			if (!namedRecipients.isEmpty()) {
				for (Recipient recipient : consentable(operator.recipients())) {
					if (!namedRecipients.contains(recipient) && "KZ".equals(recipient.country())
							&& !"public".equals(recipient.kind())) {
						unnamed.add(recipient);
					}
				}
			}
			List<String> modes = new ArrayList<>();
			if (!unconsentedPurposes.isEmpty()) {
				modes.add("purpose not consented");
			}
			if (!withdrawnPurposes.isEmpty()) {
				modes.add("purpose withdrawn");
			}
			if (!unconsentedCategories.isEmpty() && !covering.isEmpty()) {
				modes.add("category not consented");
			}
			if (!unnamed.isEmpty() && purpose != null) {
				modes.add("recipient not named");
			}
			if (!crossBorderCountries.contains(AD_NETWORK.country()) && purpose != null) {
				modes.add("country not consented");
			}
			if (modes.isEmpty()) {
				return false;
			}
			String mode = pick(modes);
			List<String> categories = subset(grantedCategories, 0.3, null);
			Recipient recipient;
			switch (mode) {
				case "purpose not consented", "purpose withdrawn" -> {
					purpose = pick(
							mode.endsWith("withdrawn") ? new ArrayList<>(withdrawnPurposes) : unconsentedPurposes);
					List<Recipient> candidates = coveringRecipients(purpose);
					recipient = candidates.isEmpty() ? AD_NETWORK : pick(candidates);
				}
				case "category not consented" -> {
					categories = new ArrayList<>(categories);
					categories.add(pick(unconsentedCategories));
					recipient = pick(covering);
				}
				case "recipient not named" -> recipient = pick(unnamed);
				default -> recipient = AD_NETWORK;
			}
			shared(recipient, purpose, categories, "consent", null, "ads");
			count("data.shared: NOT covered, " + mode);
			return true;
		}

		/** The recipients this subject's consent covers for a purpose. */
		private List<Recipient> coveringRecipients(String purpose) {
			List<Recipient> covering = new ArrayList<>();
			for (Recipient recipient : namedRecipients.isEmpty() ? consentable(operator.recipients())
					: namedRecipients) {
				boolean countryOk = "KZ".equals(recipient.country())
						|| crossBorderCountries.contains(recipient.country());
				// Publication in open sources goes with contests (their winners), and
				// contests only with it.
				boolean fits = "public".equals(recipient.kind()) == "contests".equals(purpose);
				if (countryOk && fits) {
					covering.add(recipient);
				}
			}
			return covering;
		}

		private void shared(Recipient recipient, String purpose, List<String> categories, String legalBasis,
				String requestRef, String sourcePath) {
			send(sender, key(), operator, sourcePath, SHARED, uuid(), subject, time,
					json("operator", operator.bin(), "recipient", recipient, "purpose", purpose, "dataCategories",
							categories, "legalBasis", legalBasis, "requestRef", requestRef));
		}

		private String channel() {
			double roll = random.nextDouble();
			String channel;
			if (roll < 0.45) {
				channel = "web-form";
			}
			else if (roll < 0.78) {
				channel = operator.app() ? "mobile-app" : "web-form";
			}
			else if (roll < 0.84) {
				channel = "written-paper";
			}
			else if (roll < 0.90) {
				channel = "written-electronic";
			}
			else if (roll < 0.94) {
				channel = "phone-call";
			}
			else if (roll < 0.99) {
				channel = "egov";
			}
			else {
				channel = "other";
			}
			return channel;
		}

		private Map<String, Object> evidence(String channel) {
			String notice = sha256(
					"https://%s/privacy-policy-%s-kk.pdf".formatted(operator.host(), operator.policyVersion()));
			return switch (channel) {
				case "web-form" -> json("ipAddress", ipAddress(), "userAgent", pick(USER_AGENTS), "formId",
						pick(List.of("signup-v7", "consent-banner-v3", "checkout-v2")), "noticeSha256", notice);
				case "mobile-app" -> json("ipAddress", ipAddress(), "userAgent",
						operator.host() + "-app/3.%d (%s)".formatted(random.nextInt(10), pick(APP_AGENTS)), "formId",
						"app-onboarding-v2", "noticeSha256", notice);
				case "written-paper", "written-electronic" ->
					json("documentRef", "application-%s-%04d".formatted(time.toLocalDate(), random.nextInt(10_000)));
				case "phone-call" -> json("documentRef", "call-recording-%08d".formatted(random.nextInt(100_000_000)));
				case "egov" -> json("documentRef", "egov-consent-%08d".formatted(random.nextInt(100_000_000)));
				default -> null;
			};
		}

		private String sourcePath(String channel) {
			return switch (channel) {
				case "mobile-app" -> "mobile";
				case "written-paper", "written-electronic" -> "support";
				case "phone-call" -> "call-center";
				case "egov" -> "egov";
				default -> "web";
			};
		}

		private String key() {
			return operator.bin() + ":" + subject;
		}

	}

	private static List<Recipient> consentable(List<Recipient> recipients) {
		// State bodies get data on request, never by consent: no consent names them.
		return recipients.stream().filter((recipient) -> !"state-body".equals(recipient.kind())).toList();
	}

	/**
	 * A non-empty random subset in the list's order; {@code always}, when listed, is
	 * always included.
	 */
	private <T> List<T> subset(List<T> items, double probability, T always) {
		List<T> chosen = new ArrayList<>();
		for (T item : items) {
			if (item.equals(always) || random.nextDouble() < probability) {
				chosen.add(item);
			}
		}
		if (chosen.isEmpty() && !items.isEmpty()) {
			chosen.add(pick(items));
		}
		return chosen;
	}

	private <T> T pick(List<T> items) {
		return items.get(random.nextInt(items.size()));
	}

	private boolean chance(double probability) {
		return random.nextDouble() < probability;
	}

	/**
	 * A version-4-shaped UUID from the seeded generator, so that reruns redeliver the
	 * same ids.
	 */
	private String uuid() {
		long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
		long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(msb, lsb).toString();
	}

	/**
	 * Documentation address ranges (RFC 5737): realistic evidence that points at nobody.
	 */
	private String ipAddress() {
		return pick(List.of("192.0.2.", "198.51.100.", "203.0.113.")) + (1 + random.nextInt(254));
	}

	private void count(String name) {
		counts.merge(name, 1, Integer::sum);
	}

	private byte[] toJson(Map<String, Object> data) {
		try {
			return mapper.writeValueAsBytes(data);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot serialise " + data, ex);
		}
	}

	/**
	 * A JSON object from key/value pairs, in order; null values are left out (optional
	 * fields).
	 */
	public static Map<String, Object> json(Object... keyValues) {
		Map<String, Object> object = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			if (keyValues[i + 1] != null) {
				object.put((String) keyValues[i], keyValues[i + 1]);
			}
		}
		return object;
	}

	public static String format(OffsetDateTime time) {
		return time.truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
	}

	public static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	record Options(String bootstrap, String topic, Path examples, Path week, int subjects, long seed) {

		static Options parse(String[] args) {
			String bootstrap = "localhost:9092";
			String topic = "consent.events.v1";
			Path examples = null;
			Path week = null;
			int subjects = 3000;
			long seed = 42;
			for (int i = 0; i < args.length; i++) {
				String name = args[i];
				if (i + 1 >= args.length) {
					throw usage("missing value for " + name);
				}
				String value = args[++i];
				try {
					switch (name) {
						case "--bootstrap" -> bootstrap = value;
						case "--topic" -> topic = value;
						case "--examples" -> examples = Path.of(value);
						case "--week" -> week = Path.of(value);
						case "--subjects" -> subjects = Integer.parseInt(value);
						case "--seed" -> seed = Long.parseLong(value);
						default -> throw usage("unknown option " + name);
					}
				}
				catch (NumberFormatException ex) {
					throw usage(name + " needs a number, not " + value);
				}
			}
			if (examples != null && !Files.isDirectory(examples)) {
				throw usage("no examples directory " + examples);
			}
			if (week != null && !Files.isDirectory(week)) {
				throw usage("no directory " + week + " for the DPO's week");
			}
			if (subjects < 0) {
				throw usage("--subjects must not be negative");
			}
			return new Options(bootstrap, topic, examples, week, subjects, seed);
		}

		private static IllegalArgumentException usage(String problem) {
			return new IllegalArgumentException(problem + "\nusage: DemoLoader [--bootstrap localhost:9092]"
					+ " [--topic consent.events.v1] [--examples DIR] [--week DIR] [--subjects 3000] [--seed 42]");
		}

	}

	/** A data recipient as the contract writes it (field order = JSON order). */
	public record Recipient(String id, String name, String kind, String country) {
	}

	/**
	 * A seed operator: its BIN, web host (event sources are {@code //host/...}), whether
	 * it has a mobile app, its synthetic policy version (published and effective at 09:00
	 * on that date), the languages of the policy documents, vocabulary, recipients, and
	 * its share of the subjects.
	 */
	public record Operator(String bin, String host, boolean app, String policyVersion, List<String> languages,
			List<String> purposes, List<String> categories, List<Recipient> recipients, int weight) {

		public OffsetDateTime effectiveAt() {
			return OffsetDateTime.of(LocalDate.parse(policyVersion), LocalTime.of(9, 0), KZ);
		}

	}

	/**
	 * One idempotent producer for everything, so that a subject's events keep their order
	 * whatever their binding; the CloudEvents serializers only encode (value and
	 * headers).
	 */
	static final class Sender implements AutoCloseable {

		private final KafkaProducer<String, byte[]> producer;

		private final String topic;

		private final CloudEventSerializer binarySerializer = new CloudEventSerializer();

		private final CloudEventSerializer structuredSerializer = new CloudEventSerializer();

		private final AtomicInteger failed = new AtomicInteger();

		private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

		private int sent;

		private int binary;

		private int structured;

		Sender(String bootstrap, String topic) {
			Properties config = new Properties();
			config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
			config.put(ProducerConfig.ACKS_CONFIG, "all");
			config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
			config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
			config.put(ProducerConfig.CLIENT_ID_CONFIG, "consent-demo-loader");
			this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
			this.topic = topic;
			this.binarySerializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY), false);
			this.structuredSerializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.STRUCTURED,
					CloudEventSerializer.EVENT_FORMAT_CONFIG, JsonFormat.CONTENT_TYPE), false);
		}

		void send(String key, CloudEvent event, Encoding encoding) {
			Headers headers = new RecordHeaders();
			CloudEventSerializer serializer = (encoding == Encoding.BINARY) ? binarySerializer : structuredSerializer;
			byte[] value = serializer.serialize(topic, headers, event);
			if (encoding == Encoding.BINARY) {
				binary++;
			}
			else {
				structured++;
			}
			send(new ProducerRecord<>(topic, null, key, value, headers));
		}

		/**
		 * A structured-mode CloudEvent that is already JSON (the contract's example
		 * files).
		 */
		void sendJson(String key, byte[] json) {
			Headers headers = new RecordHeaders().add("content-type",
					STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
			structured++;
			send(new ProducerRecord<>(topic, null, key, json, headers));
		}

		private void send(ProducerRecord<String, byte[]> record) {
			sent++;
			producer.send(record, (metadata, exception) -> {
				if (exception != null) {
					failed.incrementAndGet();
					firstFailure.compareAndSet(null, exception);
				}
			});
		}

		void flush() {
			producer.flush();
		}

		int sent() {
			return sent;
		}

		int binary() {
			return binary;
		}

		int structured() {
			return structured;
		}

		int failed() {
			return failed.get();
		}

		Exception firstFailure() {
			return firstFailure.get();
		}

		@Override
		public void close() {
			producer.close(Duration.ofSeconds(30));
		}

	}

}
