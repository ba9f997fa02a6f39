package kz.consentledger.deploy.bench;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.consentledger.deploy.bench.BenchEvents.BenchEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * The benchmark harness (docs/benchmarks.md, run by deploy/bench.sh): per run, a fresh
 * database and topic, the baselines, then the ledger's two services as the run command
 * starts them, measured for ingest, lag, query latency, replay and memory. Each figure is
 * reported as min/median/max over the runs.
 */
public final class Benchmark {

	static final List<Header> STRUCTURED = List.of(new RecordHeader("content-type",
			"application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8)));

	private static final String REBUILD = "/api/v1/admin/projections/consent-projections/rebuild";

	private static final int COMMAND_PORT = 18081;

	private static final int QUERY_PORT = 18082;

	/** The lag test's producer linger, part of each event's measured lag. */
	private static final int LAG_LINGER_MILLIS = 5;

	/** Each untimed load window before the lag test's two measured ones. */
	private static final int LAG_WARMUP_SECONDS = 10;

	/**
	 * At most this many untimed windows, even if the harness's compilers never settle.
	 */
	private static final int LAG_WARMUP_WINDOWS = 6;

	private static final int PRODUCE_CHUNK = 100_000;

	/**
	 * The harness's compilers are settled when they worked less than this share of an
	 * untimed window (the JVM counts their elapsed time, waits for a core included).
	 */
	private static final double LAG_WARMUP_QUIET = 0.1;

	private final Options options;

	private final Database database;

	private final Baselines baselines;

	private final Report report = new Report();

	private final ObjectMapper json = new ObjectMapper();

	private final List<String> notes = new ArrayList<>();

	private Benchmark(Options options) {
		this.options = options;
		this.database = new Database(options.get("db-url"), options.get("db-user"), options.get("db-password"));
		this.baselines = new Baselines(this.database, options.get("bootstrap"));
	}

	public static void main(String[] args) throws Exception {
		if (System.getProperty("logback.configurationFile") == null) {
			System.setProperty("logback.configurationFile", "kz/consentledger/deploy/demo-loader-logback.xml");
		}
		System.setProperty("java.awt.headless", "true");
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		new Benchmark(options).execute();
	}

	private void execute() throws Exception {
		int runs = this.options.number("runs");
		for (int run = 1; run <= runs; run++) {
			log("run %d of %d", run, runs);
			run(run);
			if (ingestOnly()) {
				continue;
			}
			// Written after every run, so an interrupted benchmark keeps what it
			// measured.
			Path markdown = Path.of(this.options.get("out"));
			if (atScale()) {
				Report.write(markdown, generated(null, run, runs));
				log("wrote %s", markdown);
				continue;
			}
			Path plot = markdown.resolveSibling("benchmarks-lag.png");
			this.report.plotLag(plot, 250, this.options.number("lag-percent"));
			Report.write(markdown, generated(plot.getFileName().toString(), run, runs));
			log("wrote %s and %s", markdown, plot);
		}
	}

	private void run(int run) throws Exception {
		this.database.reset();
		// The warm-up events come first in the same topic: the JIT compiles the command
		// path while they are ingested, so the events after them measure a warm service.
		int count = this.options.number("warmup-events") + this.options.number("events");
		BenchEvents generator = new BenchEvents(this.options.number("seed") + run, this.options.number("subjects"),
				Double.parseDouble(this.options.get("zipf")), count * 2L);
		String topic = "bench.r" + run + "." + System.currentTimeMillis();
		createTopic(topic);
		EventStats stats = new EventStats();
		List<BenchEvent> events = new ArrayList<>();
		try (KafkaProducer<String, byte[]> producer = producer(20)) {
			long started = System.nanoTime();
			AtomicReference<Exception> failure = new AtomicReference<>();
			// Only the baselines need the events again. Without them (at scale, or the
			// ledger's ingest alone) the events are sent in chunks and not kept:
			// 10,000,000 of them are about 7 GB.
			int chunk = withBaselines() ? count : PRODUCE_CHUNK;
			List<BenchEvent> next = new ArrayList<>(generator.policies());
			for (int left = count; left > 0; left -= chunk, next = new ArrayList<>()) {
				next.addAll(generator.next(Math.min(chunk, left)));
				for (BenchEvent event : next) {
					stats.add(event);
					producer.send(new ProducerRecord<>(topic, null, event.key(), event.json(), STRUCTURED),
							(metadata, exception) -> {
								if (exception != null) {
									failure.compareAndSet(null, exception);
								}
							});
				}
				if (withBaselines()) {
					events.addAll(next);
				}
			}
			producer.flush();
			if (failure.get() != null) {
				throw new IllegalStateException("Kafka did not take every event of the run", failure.get());
			}
			log("produced %d events in %.1f s", stats.events(), Baselines.seconds(started));
		}
		if (run == 1) {
			describeData(generator, stats);
		}
		int total = (int) stats.events();
		double l3 = 0;
		if (withBaselines()) {
			measure("l2", this.baselines.drain(topic, events.size()));
			measure("l1.insert", this.baselines.insertBatches(events));
			measure("l1.copy", this.baselines.copyBatches(events));
			l3 = this.baselines.pipeline(topic, events.size(), this.options.number("consumers"));
			measure("l3", l3);
		}

		Path work = Path.of(this.options.get("work-dir"));
		Map<String, String> environment = environment(topic, run);
		int instances = this.options.number("instances");
		try (Instances command = Instances.start(instances, "consent-command", Path.of(this.options.get("command-jar")),
				COMMAND_PORT, jvmOptions("command", run), environment,
				work.resolve("consent-command-r" + run + ".log"))) {
			double[] rates = awaitIngest(total, total - this.options.number("events"));
			double ingest = rates[1];
			if (ingestOnly()) {
				log("ingest: %.0f events/s warm, %.0f events/s from a cold start (--phases ingest: nothing else is"
						+ " measured, no report is written)", ingest, rates[0]);
				return;
			}
			measure("ingest.cold", rates[0]);
			measure("ingest", ingest);
			if (!atScale()) {
				measure("ingest.ratio", 100 * ingest / l3);
			}
			try (Instances queries = Instances.start(instances, "consent-query", Path.of(this.options.get("query-jar")),
					QUERY_PORT, jvmOptions("query", run), environment,
					work.resolve("consent-query-r" + run + ".log"))) {
				Service query = queries.first();
				awaitProjections(query, count);
				// As pgbench does before it measures: autovacuum would otherwise come
				// for the tables the catch-up just filled, at any moment of the probe.
				this.database.execute("VACUUM ANALYZE query.subject, query.current_consent, query.history_entry");
				storage();
				QueryProbe probe = new QueryProbe(query, this.database, generator.knownSubjectSampler(run));
				int requests = this.options.number("queries");
				// Untimed: on two cores the JIT keeps compiling the request path for
				// the first ten to twenty thousand requests; a service in production
				// has long been past that.
				probe.measure(this.options.number("warmup-queries"), () -> true);
				record("idle", probe.measure(requests, () -> true));
				if (!atScale()) {
					lag(topic, generator, ingest, probe, requests);
					replay(query);
				}
				measure("heap.command", command.heapAfterGcMib());
				measure("heap.query", queries.heapAfterGcMib());
				measure("rss.command", command.rssMib());
				measure("rss.query", queries.rssMib());
			}
		}
	}

	/**
	 * Two windows at the same offered load: events alone, for the lag figures; then with
	 * the query probe sending requests back to back, for query latency during ingest and
	 * the lag those requests add (they compete for the same two cores). Untimed windows
	 * come first ({@link #settle}).
	 */
	private void lag(String topic, BenchEvents generator, double ingestRate, QueryProbe probe, int requests)
			throws Exception {
		double rate = ingestRate * this.options.number("lag-percent") / 100;
		settle(topic, generator, rate);
		int seconds = this.options.number("lag-seconds");
		LagProbe.Result alone = loadWindow(topic, generator, rate, seconds, (loaded) -> {
		});
		measure("lag.offered", alone.offeredRate());
		Samples lags = lagSamples(alone);
		measure("lag.p50", lags.median());
		measure("lag.p99", lags.percentile(99));
		measure("lag.max", lags.max());
		Samples received = new Samples(alone.points().stream().map(LagProbe.Point::receivedMillis).toList());
		measure("lag.received.p50", received.median());
		measure("lag.received.p99", received.percentile(99));
		this.report.addLag(alone.points());
		AtomicReference<Map<String, List<Double>>> underLoad = new AtomicReference<>();
		AtomicReference<Exception> failure = new AtomicReference<>();
		LagProbe.Result withQueries = loadWindow(topic, generator, rate, seconds, (loaded) -> {
			try {
				underLoad.set(probe.measure(requests, loaded));
			}
			catch (Exception ex) {
				failure.set(ex);
			}
		});
		if (failure.get() != null) {
			throw failure.get();
		}
		record("load", underLoad.get());
		Samples lagsWithQueries = lagSamples(withQueries);
		measure("lag.queries.p50", lagsWithQueries.median());
		measure("lag.queries.p99", lagsWithQueries.percentile(99));
		measure("lag.lost", alone.lost() + withQueries.lost());
	}

	/**
	 * Untimed windows at the lag test's load until the harness's own compilers are nearly
	 * idle. After one 10 s window its C2 compiler still took a quarter of a core through
	 * the first measured window (about 50 compilations per 10 s of the producer's and the
	 * poller's code), which the ledger being measured then did not have; a fresh harness
	 * settles after 30-50 s, later runs in the same JVM after 10-20.
	 */
	private void settle(String topic, BenchEvents generator, double rate) throws Exception {
		CompilationMXBean compilers = ManagementFactory.getCompilationMXBean();
		for (int window = 1; window <= LAG_WARMUP_WINDOWS; window++) {
			long before = compilers.getTotalCompilationTime();
			loadWindow(topic, generator, rate, LAG_WARMUP_SECONDS, (loaded) -> {
			});
			long compiling = compilers.getTotalCompilationTime() - before;
			log("untimed lag window %d: the harness's compilers worked %,d ms in %d s", window, compiling,
					LAG_WARMUP_SECONDS);
			if (compiling < LAG_WARMUP_QUIET * LAG_WARMUP_SECONDS * 1000) {
				return;
			}
		}
	}

	private LagProbe.Result loadWindow(String topic, BenchEvents generator, double rate, int seconds,
			Consumer<BooleanSupplier> whileLoaded) throws Exception {
		List<BenchEvent> load = generator.next((int) (rate * seconds));
		// Kafka 4's default linger: with 1 ms the load generator and the broker used a
		// fifth of the machine at 2,000 records/s, which the ledger then did not have.
		try (KafkaProducer<String, byte[]> producer = producer(LAG_LINGER_MILLIS)) {
			return new LagProbe(this.database).run(producer, topic, load, rate, 60_000, whileLoaded);
		}
	}

	private static Samples lagSamples(LagProbe.Result result) {
		return new Samples(result.points().stream().map(LagProbe.Point::lagMillis).toList());
	}

	/**
	 * Bytes on disk per stored event, tables, indexes and TOAST included: the ledger's
	 * schema and the projections' (without the access audit, which grows with reads, not
	 * events).
	 */
	private void storage() throws SQLException {
		double events = this.database.scalar("SELECT count(*) FROM ledger.domain_event_entry");
		String size = "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
				+ "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' "
				+ "AND c.oid <> 'query.access_audit'::regclass AND n.nspname = ";
		double ledger = this.database.scalar(size + "'ledger'") / events;
		double query = this.database.scalar(size + "'query'") / events;
		measure("storage.ledger", ledger);
		measure("storage.query", query);
		measure("storage.total", ledger + query);
	}

	private void replay(Service query) throws Exception {
		long stored = this.database.scalar("SELECT count(*) FROM ledger.domain_event_entry");
		long started = System.nanoTime();
		HttpResponse<String> start = query.send("POST", REBUILD, "admin", "admin-demo");
		if (start.statusCode() / 100 != 2) {
			throw new IllegalStateException("the rebuild did not start: " + start.statusCode() + " " + start.body());
		}
		while (true) {
			JsonNode status = rebuildStatus(query);
			if (status.hasNonNull("finishedAt")) {
				break;
			}
			Thread.sleep(100);
		}
		measure("replay", stored / Baselines.seconds(started));
		double raw = this.baselines.rawReplay();
		measure("replay.raw", raw);
		measure("replay.ratio", 100 * this.report.last("replay") / raw);
		measure("replay.rows", this.baselines.rebuiltRowsRewritten(stored, false));
		measure("replay.rows.bulk", this.baselines.rebuiltRowsRewritten(stored, true));
		measure("replay.bulk.ratio", 100 * this.report.last("replay") / this.report.last("replay.rows.bulk"));
	}

	/**
	 * Waits until the store holds every event; events/s from the first to the last, and
	 * from the moment the store holds {@code warm} events to the last.
	 */
	private double[] awaitIngest(int expected, int warm) throws Exception {
		long firstSeen = 0;
		long countAtFirst = 0;
		long lastReport = 0;
		long warmSeen = 0;
		long countAtWarm = 0;
		long storedAtReport = 0;
		// An hour, and more for runs at scale: 10,000,000 events at 3,000 events/s take
		// about 55 minutes.
		long deadline = System.nanoTime() + 3_600_000_000_000L + expected * 1_000_000L;
		while (System.nanoTime() < deadline) {
			// The produced events the ledger took in: the store and the idempotency log
			// also hold the ledger's re-judgments (ADR 0023, RejudgeSubject.SOURCE).
			long stored = !this.database.exists("ledger.ingested_event") ? 0 : this.database.scalar(
					"SELECT count(*) FROM ledger.ingested_event " + "WHERE source <> 'urn:consent-ledger:rejudgments'");
			if (stored > 0 && firstSeen == 0) {
				firstSeen = System.nanoTime();
				countAtFirst = stored;
				lastReport = firstSeen;
				storedAtReport = stored;
			}
			if (stored > expected) {
				throw new IllegalStateException(
						"the store holds " + stored + " events, " + expected + " were produced");
			}
			if (stored >= warm && warmSeen == 0) {
				warmSeen = System.nanoTime();
				countAtWarm = stored;
			}
			if (stored == expected) {
				return new double[] { (expected - countAtFirst) / Baselines.seconds(firstSeen),
						(expected - countAtWarm) / Baselines.seconds(warmSeen) };
			}
			// The rate as it goes shows the JIT's warm-up: the figure above includes it.
			if (firstSeen != 0 && System.nanoTime() - lastReport >= 10_000_000_000L) {
				log("ingest: %,d events stored, %.0f events/s over the last %.0f s", stored,
						(stored - storedAtReport) / Baselines.seconds(lastReport), Baselines.seconds(lastReport));
				lastReport = System.nanoTime();
				storedAtReport = stored;
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException(
				"the ledger did not ingest " + expected + " events within an hour and 1 ms per event");
	}

	/** The projection processor's position, or the state of its last rebuild. */
	private JsonNode rebuildStatus(Service query) throws Exception {
		return this.json.readTree(query.send("GET", REBUILD, "admin", "admin-demo").body());
	}

	/** Waits until the query service's processor is at the head of the store. */
	private void awaitProjections(Service query, int subjectEvents) throws Exception {
		while (true) {
			JsonNode status = rebuildStatus(query);
			if (status.path("positionsTotal").asLong() > 0
					&& status.path("positionsDone").asLong() >= status.path("positionsTotal").asLong()) {
				long history = this.database
					.scalar("SELECT count(*) FROM query.history_entry WHERE entry_type <> 'judgment-revised'");
				if (history != subjectEvents) {
					throw new IllegalStateException(
							"the history projection holds " + history + " entries for " + subjectEvents + " events");
				}
				return;
			}
			Thread.sleep(200);
		}
	}

	private void record(String phase, Map<String, List<Double>> millis) {
		millis.forEach((key, values) -> {
			Samples samples = new Samples(values);
			measure(phase + "." + key + ".p50", samples.median(), false);
			measure(phase + "." + key + ".p99", samples.percentile(99), false);
		});
	}

	private void measure(String key, double value) {
		measure(key, value, true);
	}

	/**
	 * Figures the report does not list (e.g. p50 of raw SQL under load) are skipped when
	 * optional.
	 */
	private void measure(String key, double value, boolean required) {
		if (!required && Report.FIGURES.stream().noneMatch((figure) -> figure.key().equals(key))) {
			return;
		}
		this.report.add(key, value);
		log("%-28s %s", key, Report.number(value));
	}

	private Map<String, String> environment(String topic, int run) {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("LEDGER_DB_URL", this.database.url());
		environment.put("LEDGER_DB_USER", this.database.user());
		environment.put("LEDGER_DB_PASSWORD", this.database.password());
		environment.put("LEDGER_KAFKA_BOOTSTRAP", this.options.get("bootstrap"));
		environment.put("LEDGER_KAFKA_TOPIC", topic);
		environment.put("LEDGER_KAFKA_DLT", topic + ".dlt");
		environment.put("LEDGER_KAFKA_GROUP", "bench-ledger-r" + run + "-" + System.currentTimeMillis());
		environment.put("LEDGER_KAFKA_OPERATOR_TOPIC_PREFIX", topic + ".operator.");
		environment.put("LEDGER_MASTER_KEY", this.options.get("master-key"));
		environment.put("LEDGER_SIGNING_KEY_FILE",
				Path.of(this.options.get("work-dir")).resolve("signing-key.pem").toString());
		environment.put("SPRING_CONFIG_ADDITIONAL_LOCATION", this.options.get("accounts"));
		return environment;
	}

	private List<String> jvmOptions(String service, int run) {
		List<String> jvm = new ArrayList<>(Arrays.asList(this.options.get("service-opts").trim().split("\\s+")));
		if (!this.options.get("profile").isEmpty()) {
			jvm.add("-XX:StartFlightRecording=filename="
					+ Path.of(this.options.get("profile")).resolve(service + "-r" + run + ".jfr").toAbsolutePath()
					+ ",settings=profile,dumponexit=true");
		}
		return jvm;
	}

	private void createTopic(String topic) throws Exception {
		Properties config = new Properties();
		config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.options.get("bootstrap"));
		try (Admin admin = Admin.create(config)) {
			admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1), new NewTopic(topic + ".dlt", 1, (short) 1)))
				.all()
				.get();
			// Producing before every partition has a leader made the broker refuse
			// writes.
			while (admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get()
				.get(topic)
				.partitions()
				.stream()
				.anyMatch((partition) -> partition.leader() == null || partition.leader().isEmpty())) {
				Thread.sleep(100);
			}
		}
	}

	private KafkaProducer<String, byte[]> producer(int lingerMillis) {
		Properties config = new Properties();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.options.get("bootstrap"));
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		// Not idempotent: on this VM the single broker twice answered an idempotent
		// producer's second topic with OUT_OF_ORDER_SEQUENCE until the delivery timeout.
		// One request in flight keeps each partition in order; a retried duplicate would
		// be deduplicated by the ledger and show in the baselines' counts.
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
		config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
		config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMillis);
		return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
	}

	private void describeData(BenchEvents generator, EventStats stats) {
		String lagLoad = atScale() ? " (--phases scale: no lag test)"
				: String.format(Locale.ROOT,
						" (+ rate x %s s events of %s%% load for the lag test: untimed windows of %d s until the"
								+ " harness's compilers settle, at most %d, then twice the measured window)",
						this.options.get("lag-seconds"), this.options.get("lag-percent"), LAG_WARMUP_SECONDS,
						LAG_WARMUP_WINDOWS);
		this.notes.add(String.format(Locale.ROOT,
				"%,d events per run, the first %,d of them to warm up the command service%s, %,d distinct subjects in the first"
						+ " run out of a population of %,d (Zipf exponent %s: the most active subject gets %.2f%% of"
						+ " the events), 5 operators. Structured-mode CloudEvents (JSON), mean %d bytes, %.1f%% under"
						+ " 500 B, %.1f%% over 1 KB (policy publications). Types: %s.",
				stats.events(), this.options.number("warmup-events"), lagLoad, generator.knownSubjects(),
				this.options.number("subjects"), this.options.get("zipf"), 100 * generator.topSubjectShare(),
				stats.bytes / stats.events(), 100.0 * stats.under / stats.events(), 100.0 * stats.over / stats.events(),
				stats.types));
	}

	private String generated(String plot, int done, int runs) throws Exception {
		StringBuilder out = new StringBuilder();
		out.append("Generated on ")
			.append(LocalDate.now())
			.append(" by `")
			.append(this.options.get("command-line"))
			.append("`.\n\n### Machine and versions\n\n");
		out.append("- CPU: ").append(cpu()).append("; memory ").append(memory()).append('\n');
		out.append("- OS: ")
			.append(System.getProperty("os.name"))
			.append(' ')
			.append(System.getProperty("os.version"))
			.append("; Java ")
			.append(System.getProperty("java.vm.name"))
			.append(' ')
			.append(System.getProperty("java.version"))
			.append(" (services and harness)\n");
		out.append("- PostgreSQL ")
			.append(this.database.text("SHOW server_version"))
			.append(" (local cluster); ")
			.append(postgresSettings())
			.append('\n');
		out.append("- Kafka ")
			.append(AppInfoParser.getVersion())
			.append(" (single KRaft broker, deploy/run.sh's configuration); services: ")
			.append(libraries(Path.of(this.options.get("command-jar"))))
			.append('\n');
		out.append("- Service JVM options: `").append(this.options.get("service-opts")).append("`\n\n");
		out.append("### Data\n\n");
		this.notes.forEach((note) -> out.append(note).append("\n\n"));
		out.append("### Results (")
			.append((done == runs) ? runs + " runs" : done + " of " + runs + " runs so far")
			.append(")\n\n")
			.append(this.report.table());
		if (plot != null) {
			out.append("\nLag over time (every delivered event of every run): ![lag](").append(plot).append(")\n");
		}
		return out.append('\n').toString();
	}

	private String postgresSettings() throws Exception {
		List<String> settings = new ArrayList<>();
		for (String name : List.of("synchronous_commit", "fsync", "shared_buffers", "wal_buffers", "max_wal_size",
				"checkpoint_timeout")) {
			settings.add(name + "=" + this.database.text("SHOW " + name));
		}
		return String.join(", ", settings);
	}

	private static String libraries(Path jar) throws IOException {
		Set<String> found = new TreeSet<>();
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			zip.stream().map((entry) -> entry.getName()).forEach((name) -> {
				for (String library : List.of("axon-eventsourcing-", "spring-boot-4", "spring-kafka-", "postgresql-",
						"kafka-clients-", "spring-core-")) {
					if (name.startsWith("BOOT-INF/lib/" + library)) {
						found.add(name.substring("BOOT-INF/lib/".length()).replace(".jar", ""));
					}
				}
			});
		}
		return String.join(", ", found);
	}

	private static String cpu() throws IOException {
		String model = Files.readAllLines(Path.of("/proc/cpuinfo"))
			.stream()
			.filter((line) -> line.startsWith("model name"))
			.map((line) -> line.substring(line.indexOf(':') + 1).trim())
			.findFirst()
			.orElse("unknown");
		return Runtime.getRuntime().availableProcessors() + " x " + model;
	}

	private static String memory() throws IOException {
		return Files.readAllLines(Path.of("/proc/meminfo"))
			.stream()
			.filter((line) -> line.startsWith("MemTotal"))
			.map((line) -> Long.parseLong(line.replaceAll("\\D", "")) / 1024 / 1024 + " GiB")
			.findFirst()
			.orElse("unknown");
	}

	/** {@code --phases all}: the baselines are measured on the same events. */
	private boolean withBaselines() {
		return !ingestOnly() && !atScale();
	}

	/** {@code --phases ingest}: a quick loop for profiling the command path. */
	private boolean ingestOnly() {
		return "ingest".equals(this.options.get("phases"));
	}

	/**
	 * {@code --phases scale}: the ledger's ingest, then the idle query latency over all
	 * it stored; no baselines, lag test or replay, which at 10,000,000 events would take
	 * hours more.
	 */
	private boolean atScale() {
		return "scale".equals(this.options.get("phases"));
	}

	/** Size and types of the events of a run, counted as they are produced. */
	private static final class EventStats {

		private long events;

		private long bytes;

		private long under;

		private long over;

		private final Map<String, Integer> types = new LinkedHashMap<>();

		void add(BenchEvent event) {
			this.events++;
			this.bytes += event.json().length;
			this.under += (event.json().length < 500) ? 1 : 0;
			this.over += (event.json().length > 1024) ? 1 : 0;
			this.types.merge(event.type(), 1, Integer::sum);
		}

		long events() {
			return this.events;
		}

	}

	static void log(String format, Object... arguments) {
		System.out.printf("[bench] " + format + "%n", arguments);
	}

	/** Command-line options: {@code --name value}, with defaults. */
	record Options(Map<String, String> values) {

		static final Map<String, String> DEFAULTS = defaults();

		private static Map<String, String> defaults() {
			Map<String, String> defaults = new LinkedHashMap<>();
			for (String required : List.of("db-url", "db-user", "db-password", "bootstrap", "command-jar", "query-jar",
					"accounts", "master-key", "work-dir", "out")) {
				defaults.put(required, null);
			}
			defaults.put("runs", "3");
			defaults.put("events", "100000");
			defaults.put("warmup-events", "100000");
			defaults.put("subjects", "1000000");
			defaults.put("zipf", "0.8");
			defaults.put("seed", "42");
			defaults.put("consumers", "2");
			defaults.put("instances", "1");
			defaults.put("lag-seconds", "20");
			defaults.put("lag-percent", "50");
			defaults.put("queries", "2000");
			defaults.put("warmup-queries", "10000");
			// With a 512 MB heap G1 picks 1 MB regions, and every object of 512 KB or
			// more
			// was a humongous allocation that started a concurrent marking cycle.
			defaults.put("service-opts", "-Xmx512m -XX:G1HeapRegionSize=8m");
			defaults.put("profile", "");
			defaults.put("phases", "all");
			defaults.put("command-line", "./deploy/bench.sh");
			return defaults;
		}

		static Options parse(String[] args) {
			Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
			for (int i = 0; i < args.length; i += 2) {
				String name = args[i].startsWith("--") ? args[i].substring(2) : "";
				if (!DEFAULTS.containsKey(name)) {
					throw new IllegalArgumentException("unknown option " + args[i] + "; options: " + DEFAULTS.keySet());
				}
				if (i + 1 >= args.length) {
					throw new IllegalArgumentException("missing value for " + args[i]);
				}
				values.put(name, args[i + 1]);
			}
			values.forEach((name, value) -> {
				if (value == null) {
					throw new IllegalArgumentException("missing --" + name);
				}
			});
			if (new Options(values).number("warmup-events") < 0) {
				throw new IllegalArgumentException("--warmup-events must not be negative");
			}
			if (!List.of("all", "ingest", "scale").contains(values.get("phases"))) {
				throw new IllegalArgumentException("--phases is all, ingest or scale, not " + values.get("phases"));
			}
			Options options = new Options(values);
			for (String name : List.of("runs", "events", "subjects", "seed", "consumers", "instances", "lag-seconds",
					"lag-percent", "queries")) {
				if (options.number(name) <= 0) {
					throw new IllegalArgumentException("--" + name + " must be a positive number");
				}
			}
			return options;
		}

		String get(String name) {
			return this.values.get(name);
		}

		int number(String name) {
			try {
				return Integer.parseInt(this.values.get(name));
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("--" + name + " needs a number, not " + this.values.get(name));
			}
		}

	}

}
