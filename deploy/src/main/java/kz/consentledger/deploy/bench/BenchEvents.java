package kz.consentledger.deploy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import kz.consentledger.deploy.DemoLoader;
import kz.consentledger.deploy.DemoLoader.Operator;
import kz.consentledger.deploy.DemoLoader.Recipient;

/**
 * Realistic contract events for the benchmark: structured-mode CloudEvents of the five
 * seed operators, subjects drawn from a Zipf distribution over a fixed population (a few
 * subjects are very active, most appear once or twice). A subject's first event grants
 * consent; later ones share data, accept the policy, withdraw or grant again. Business
 * times advance with the sequence, so every subject's events are in time order. The
 * output depends only on the seed.
 */
final class BenchEvents {

	private static final List<String> EVIDENCE_AGENTS = List.of("Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
			"Mozilla/5.0 (X11; Linux x86_64)", "Mozilla/5.0 (Linux; Android 14; SM-A546E)");

	private final ObjectMapper json = new ObjectMapper();

	private final Random random;

	/** Cumulative Zipf weights of ranks 1..n, normalised to 1. */
	private final double[] cumulative;

	private final BitSet seen;

	private final OffsetDateTime start;

	private final long stepMillis;

	private long sequence;

	/**
	 * @param capacity how many events the stream should fit between the policies taking
	 * effect and the end of the synthetic period
	 */
	BenchEvents(long seed, int subjects, double exponent, long capacity) {
		this.random = new Random(seed);
		this.cumulative = new double[subjects];
		double sum = 0;
		for (int rank = 1; rank <= subjects; rank++) {
			sum += Math.pow(rank, -exponent);
			this.cumulative[rank - 1] = sum;
		}
		for (int i = 0; i < subjects; i++) {
			this.cumulative[i] /= sum;
		}
		this.seen = new BitSet(subjects);
		this.start = DemoLoader.OPERATORS.stream()
			.map(Operator::effectiveAt)
			.max(OffsetDateTime::compareTo)
			.orElseThrow()
			.plusDays(8);
		this.stepMillis = Math.max(1, Duration.between(this.start, DemoLoader.END).toMillis() / Math.max(1, capacity));
	}

	/** Share of all draws that the most active subject gets. */
	double topSubjectShare() {
		return this.cumulative[0];
	}

	/** One policy version per operator: what every consent of the stream cites. */
	List<BenchEvent> policies() {
		List<BenchEvent> events = new ArrayList<>();
		for (Operator operator : DemoLoader.OPERATORS) {
			events.add(event(operator, null, "cms", DemoLoader.PUBLISHED, "pol-" + operator.policyVersion(),
					operator.effectiveAt(), DemoLoader.policyData(operator)));
		}
		return events;
	}

	List<BenchEvent> next(int count) {
		List<BenchEvent> events = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			events.add(next());
		}
		return events;
	}

	BenchEvent next() {
		int rank = Arrays.binarySearch(this.cumulative, this.random.nextDouble());
		int index = (rank >= 0) ? rank : -rank - 1;
		index = Math.min(index, this.cumulative.length - 1);
		Operator operator = operatorOf(index);
		String subject = subjectOf(index);
		OffsetDateTime time = this.start.plusNanos(this.sequence++ * this.stepMillis * 1_000_000);
		if (time.isAfter(DemoLoader.END)) {
			time = DemoLoader.END;
		}
		boolean first = !this.seen.get(index);
		this.seen.set(index);
		double roll = this.random.nextDouble();
		if (first || roll < 0.2) {
			return granted(operator, subject, time);
		}
		if (roll < 0.7) {
			return shared(operator, subject, time);
		}
		if (roll < 0.85) {
			return withdrawn(operator, subject, time);
		}
		return event(operator, subject, "web", DemoLoader.ACCEPTED, uuid(), time, DemoLoader.json("operator",
				operator.bin(), "policyVersion", operator.policyVersion(), "mode", "explicit"));
	}

	/**
	 * Draws subjects uniformly among those with at least one event so far; later events
	 * do not change what it draws from (they may not be in the projections yet).
	 */
	Supplier<String[]> knownSubjectSampler(long seed) {
		BitSet known = (BitSet) this.seen.clone();
		Random draws = new Random(seed);
		return () -> {
			int index;
			do {
				index = known.nextSetBit(draws.nextInt(this.cumulative.length));
			}
			while (index < 0);
			return new String[] { operatorOf(index).bin(), subjectOf(index) };
		};
	}

	/** Subjects are spread over the operators by their rank. */
	private static Operator operatorOf(int index) {
		return DemoLoader.OPERATORS.get(index % DemoLoader.OPERATORS.size());
	}

	private static String subjectOf(int index) {
		return "bench-%07d".formatted(index);
	}

	int knownSubjects() {
		return this.seen.cardinality();
	}

	private BenchEvent granted(Operator operator, String subject, OffsetDateTime time) {
		Map<String, Object> evidence = DemoLoader.json("ipAddress", "198.51.100." + (1 + this.random.nextInt(254)),
				"userAgent", pick(EVIDENCE_AGENTS), "formId", "signup-v7", "noticeSha256",
				DemoLoader.sha256(operator.host() + operator.policyVersion()));
		return event(operator, subject, "web", DemoLoader.GRANTED, uuid(), time,
				DemoLoader.json("operator", operator.bin(), "policyVersion", operator.policyVersion(), "purposes",
						subset(operator.purposes(), "service-provision"), "dataCategories",
						subset(operator.categories(), null), "grantedBy", DemoLoader.json("kind", "subject"), "channel",
						"web-form", "evidence", evidence, "language", "kk"));
	}

	private BenchEvent shared(Operator operator, String subject, OffsetDateTime time) {
		List<Recipient> recipients = operator.recipients()
			.stream()
			.filter((recipient) -> !"state-body".equals(recipient.kind()))
			.toList();
		return event(operator, subject, "crm", DemoLoader.SHARED, uuid(), time,
				DemoLoader.json("operator", operator.bin(), "recipient", pick(recipients), "purpose",
						"service-provision", "dataCategories", subset(operator.categories(), null), "legalBasis",
						"consent"));
	}

	private BenchEvent withdrawn(Operator operator, String subject, OffsetDateTime time) {
		String purpose = operator.purposes().contains("marketing") ? "marketing" : operator.purposes().get(1);
		return event(operator, subject, "support", DemoLoader.WITHDRAWN, uuid(), time,
				DemoLoader.json("operator", operator.bin(), "purposes", List.of(purpose), "channel",
						"written-electronic", "applicationRef",
						"app-%s-%04d".formatted(time.toLocalDate(), this.random.nextInt(10_000))));
	}

	private BenchEvent event(Operator operator, String subject, String sourcePath, String type, String id,
			OffsetDateTime time, Map<String, Object> data) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("specversion", "1.0");
		event.put("id", id);
		event.put("source", URI.create("//" + operator.host() + "/" + sourcePath).toString());
		event.put("type", type);
		if (subject != null) {
			event.put("subject", subject);
		}
		event.put("time", DemoLoader.format(time));
		event.put("datacontenttype", "application/json");
		event.put("data", data);
		try {
			return new BenchEvent(operator.bin() + ((subject != null) ? ":" + subject : ""), id, type, operator.bin(),
					subject, this.json.writeValueAsBytes(event));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private <T> List<T> subset(List<T> items, T always) {
		List<T> chosen = new ArrayList<>();
		for (T item : items) {
			if (item.equals(always) || this.random.nextDouble() < 0.4) {
				chosen.add(item);
			}
		}
		if (chosen.isEmpty()) {
			chosen.add(pick(items));
		}
		return chosen;
	}

	private <T> T pick(List<T> items) {
		return items.get(this.random.nextInt(items.size()));
	}

	private String uuid() {
		return new UUID((this.random.nextLong() & ~0xF000L) | 0x4000L,
				(this.random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
			.toString();
	}

	/**
	 * One structured-mode CloudEvent: its Kafka key (the ledger's stream), id, type,
	 * operator and JSON.
	 */
	record BenchEvent(String key, String id, String type, String operator, String subject, byte[] json) {
	}

}
