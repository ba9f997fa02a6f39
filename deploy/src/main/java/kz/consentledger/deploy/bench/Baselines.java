package kz.consentledger.deploy.bench;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kz.consentledger.deploy.bench.BenchEvents.BenchEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The physical limits the ledger is compared with, on the same machine and data: L1 the
 * database (the serialized events into a table with the event table's columns and
 * indexes, durable commits), L2 the broker (a bare consumer), L3 the pipeline (L2 into
 * L1, offsets committed after each database commit), a raw replay (read the event table
 * in order and upsert plain projection rows), and the rebuilt rows written again by the
 * server. None of them validates, deduplicates, seals, chains or evaluates anything: the
 * gap to the ledger is the price of those.
 */
final class Baselines {

	static final int BATCH = 500;

	private final Database database;

	private final String bootstrap;

	Baselines(Database database, String bootstrap) {
		this.database = database;
		this.bootstrap = bootstrap;
	}

	/** L1 with JDBC batches of {@link #BATCH} rows, one commit per batch. */
	double insertBatches(List<BenchEvent> events) throws SQLException {
		String table = freshTable("l1_insert");
		try (Connection connection = this.database.connect()) {
			connection.setAutoCommit(false);
			Map<String, Long> sequences = new HashMap<>();
			long started = System.nanoTime();
			try (PreparedStatement insert = connection.prepareStatement(insertInto(table))) {
				for (int i = 0; i < events.size(); i++) {
					BenchEvent event = events.get(i);
					bind(insert, event.operator() + "/" + event.id(), event.key(),
							sequences.merge(event.key(), 1L, Long::sum) - 1, event.type(), event.json());
					if ((i + 1) % BATCH == 0 || i == events.size() - 1) {
						insert.executeBatch();
						connection.commit();
					}
				}
			}
			return events.size() / seconds(started);
		}
	}

	/** L1 with COPY, one COPY and commit per {@link #BATCH} rows. */
	double copyBatches(List<BenchEvent> events) throws SQLException, IOException {
		String table = freshTable("l1_copy");
		HexFormat hex = HexFormat.of();
		try (Connection connection = this.database.connect()) {
			connection.setAutoCommit(false);
			CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
			Map<String, Long> sequences = new HashMap<>();
			long started = System.nanoTime();
			StringBuilder rows = new StringBuilder();
			for (int i = 0; i < events.size(); i++) {
				BenchEvent event = events.get(i);
				rows.append(event.operator() + "/" + event.id())
					.append('\t')
					.append(event.key())
					.append('\t')
					.append(sequences.merge(event.key(), 1L, Long::sum) - 1)
					.append("\tSubjectConsent\t2026-11-21T00:00:00Z\t")
					.append(event.type())
					.append("\t1\t\\\\x")
					.append(hex.formatHex(event.json()))
					.append('\n');
				if ((i + 1) % BATCH == 0 || i == events.size() - 1) {
					copy.copyIn(
							"COPY " + table + " (event_identifier, aggregate_identifier, sequence_number, type,"
									+ " time_stamp, payload_type, payload_revision, payload) FROM STDIN",
							new StringReader(rows.toString()));
					connection.commit();
					rows.setLength(0);
				}
			}
			return events.size() / seconds(started);
		}
	}

	/** L2: a bare consumer reads the whole topic. */
	double drain(String topic, int expected) {
		try (KafkaConsumer<byte[], byte[]> consumer = consumer("bench-l2-" + UUID.randomUUID())) {
			consumer.subscribe(List.of(topic));
			long count = 0;
			long started = 0;
			long bytes = 0;
			while (count < expected) {
				ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
				if (!records.isEmpty() && started == 0) {
					started = System.nanoTime();
				}
				for (ConsumerRecord<byte[], byte[]> record : records) {
					bytes += record.value().length;
					count++;
				}
			}
			if (bytes == 0) {
				throw new IllegalStateException("the topic " + topic + " held no data");
			}
			return count / seconds(started);
		}
	}

	/**
	 * L3: {@code threads} consumers of one group, each inserting what it polls into L1's
	 * table and committing its offsets after the database commit.
	 */
	double pipeline(String topic, int expected, int threads) throws Exception {
		String table = freshTable("l3_event");
		String group = "bench-l3-" + UUID.randomUUID();
		AtomicLong done = new AtomicLong();
		AtomicLong firstRecord = new AtomicLong();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		List<Future<?>> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			workers.add(pool.submit(() -> {
				try (KafkaConsumer<byte[], byte[]> consumer = consumer(group);
						Connection connection = this.database.connect();
						PreparedStatement insert = connection.prepareStatement(insertInto(table))) {
					connection.setAutoCommit(false);
					consumer.subscribe(List.of(topic));
					while (done.get() < expected) {
						ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
						if (records.isEmpty()) {
							continue;
						}
						firstRecord.compareAndSet(0, System.nanoTime());
						for (ConsumerRecord<byte[], byte[]> record : records) {
							// Partition-offset ids and keys: unique per record, like the
							// ledger's.
							String id = record.partition() + "-" + record.offset();
							bind(insert, id, id, 0, "bench", record.value());
						}
						insert.executeBatch();
						connection.commit();
						consumer.commitSync();
						done.addAndGet(records.count());
					}
				}
				return null;
			}));
		}
		try {
			for (Future<?> worker : workers) {
				worker.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		return expected / seconds(firstRecord.get());
	}

	/**
	 * The replay baseline: read the ledger's event table in order and upsert a
	 * current-state row per (operator, subject, purpose) and a history row per event, in
	 * batches of 1,000 with one commit each.
	 */
	double rawReplay() throws SQLException, IOException {
		try (Connection connection = this.database.connect(); Statement ddl = connection.createStatement()) {
			ddl.execute("DROP TABLE IF EXISTS bench.raw_consent, bench.raw_history");
			ddl.execute("CREATE TABLE bench.raw_consent (operator CHAR(12), subject VARCHAR(128),"
					+ " purpose VARCHAR(64), status VARCHAR(16), details JSONB, PRIMARY KEY (operator, subject, purpose))");
			ddl.execute("CREATE TABLE bench.raw_history (global_index BIGINT PRIMARY KEY, operator CHAR(12),"
					+ " subject VARCHAR(128), entry_type VARCHAR(255), details JSONB)");
			ddl.execute("CREATE INDEX ON bench.raw_history (operator, subject, global_index)");
		}
		ObjectMapper json = new ObjectMapper();
		long events = 0;
		try (Connection reader = this.database.connect(); Connection writer = this.database.connect()) {
			reader.setAutoCommit(false);
			writer.setAutoCommit(false);
			long started = System.nanoTime();
			try (Statement scan = reader.createStatement();
					PreparedStatement history = writer
						.prepareStatement("INSERT INTO bench.raw_history VALUES (?, ?, ?, ?, ?::jsonb)");
					PreparedStatement consent = writer.prepareStatement("INSERT INTO bench.raw_consent VALUES"
							+ " (?, ?, ?, ?, ?::jsonb) ON CONFLICT (operator, subject, purpose) DO UPDATE"
							+ " SET status = EXCLUDED.status, details = EXCLUDED.details")) {
				scan.setFetchSize(1000);
				try (ResultSet rows = scan.executeQuery(
						"SELECT global_index, payload_type, payload FROM ledger.domain_event_entry ORDER BY global_index")) {
					int pending = 0;
					Map<List<String>, List<String>> latest = new LinkedHashMap<>();
					while (rows.next()) {
						JsonNode payload = json.readTree(rows.getBytes(3));
						String type = rows.getString(2);
						String operator = payload.path("operator").asText();
						String subject = payload.path("subject").asText(null);
						events++;
						if (subject == null) {
							continue;
						}
						String details = new String(rows.getBytes(3), StandardCharsets.UTF_8);
						history.setLong(1, rows.getLong(1));
						history.setString(2, operator);
						history.setString(3, subject);
						history.setString(4, type);
						history.setString(5, details);
						history.addBatch();
						String status = type.endsWith("ConsentGranted") ? "active"
								: type.endsWith("ConsentWithdrawn") ? "withdrawn" : null;
						if (status != null) {
							for (JsonNode purpose : payload.path("purposes")) {
								// Coalesced per batch: one upsert per row, the last state
								// wins.
								latest.put(List.of(operator, subject, purpose.asText()), List.of(status, details));
							}
						}
						if (++pending == 1000) {
							flush(writer, history, consent, latest);
							pending = 0;
						}
					}
					flush(writer, history, consent, latest);
				}
			}
			return events / seconds(started);
		}
	}

	/**
	 * The storage limit of a rebuild: the projections' final rows, just rebuilt, written
	 * again by the server itself into empty copies with the same columns (one
	 * {@code INSERT … SELECT} per table, one durable commit). Each row is written once,
	 * with no client, no reading of events, no fold and no dashboard counting, so no
	 * rebuild that ends with these rows can be faster. With {@code indexesAfterLoad} the
	 * copies have no index while they fill, and the same indexes are built afterwards (a
	 * bulk load, the cheapest way to end with indexed rows); otherwise every insert
	 * maintains them, as the projections' batches do. Events/s over the events rebuilt.
	 */
	double rebuiltRowsRewritten(long events, boolean indexesAfterLoad) throws SQLException {
		List<String> tables = List.of("history_entry", "current_consent", "subject", "policy_version");
		try (Connection connection = this.database.connect(); Statement sql = connection.createStatement()) {
			List<String> indexes = new ArrayList<>();
			for (String table : tables) {
				sql.execute("DROP TABLE IF EXISTS bench." + table);
				sql.execute("CREATE TABLE bench." + table + " (LIKE query." + table
						+ (indexesAfterLoad ? ")" : " INCLUDING ALL)"));
				if (indexesAfterLoad) {
					try (ResultSet definitions = sql
						.executeQuery("SELECT indexdef FROM pg_indexes WHERE schemaname = 'query' AND tablename = '"
								+ table + "'")) {
						while (definitions.next()) {
							indexes.add(definitions.getString(1).replace(" ON query.", " ON bench."));
						}
					}
				}
			}
			connection.setAutoCommit(false);
			long started = System.nanoTime();
			for (String table : tables) {
				sql.execute("INSERT INTO bench." + table + " SELECT * FROM query." + table);
			}
			for (String index : indexes) {
				sql.execute(index);
			}
			connection.commit();
			double rate = events / seconds(started);
			connection.setAutoCommit(true);
			sql.execute("DROP TABLE " + tables.stream().map((t) -> "bench." + t).collect(Collectors.joining(", ")));
			return rate;
		}
	}

	private static void flush(Connection writer, PreparedStatement history, PreparedStatement consent,
			Map<List<String>, List<String>> latest) throws SQLException {
		for (Map.Entry<List<String>, List<String>> row : latest.entrySet()) {
			for (int i = 0; i < 3; i++) {
				consent.setString(i + 1, row.getKey().get(i));
			}
			consent.setString(4, row.getValue().get(0));
			consent.setString(5, row.getValue().get(1));
			consent.addBatch();
		}
		latest.clear();
		history.executeBatch();
		consent.executeBatch();
		writer.commit();
	}

	private static String insertInto(String table) {
		return "INSERT INTO " + table + " (event_identifier, aggregate_identifier, sequence_number, type, time_stamp,"
				+ " payload_type, payload_revision, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	}

	/** Adds one row shaped like the ledger's event rows to the statement's batch. */
	private static void bind(PreparedStatement insert, String id, String stream, long sequence, String payloadType,
			byte[] payload) throws SQLException {
		insert.setString(1, id);
		insert.setString(2, stream);
		insert.setLong(3, sequence);
		insert.setString(4, "SubjectConsent");
		insert.setString(5, "2026-11-21T00:00:00Z");
		insert.setString(6, payloadType);
		insert.setString(7, "1");
		insert.setBytes(8, payload);
		insert.addBatch();
	}

	private String freshTable(String name) throws SQLException {
		String table = "bench." + name;
		try (Connection connection = this.database.connect(); Statement ddl = connection.createStatement()) {
			ddl.execute("DROP TABLE IF EXISTS " + table);
			// The columns, key and unique constraints of ledger.domain_event_entry
			// (V1__event_store.sql).
			ddl.execute("CREATE TABLE " + table + " (global_index BIGSERIAL PRIMARY KEY,"
					+ " event_identifier VARCHAR(255) NOT NULL UNIQUE, aggregate_identifier VARCHAR(255) NOT NULL,"
					+ " sequence_number BIGINT NOT NULL, type VARCHAR(255), time_stamp VARCHAR(255) NOT NULL,"
					+ " payload_type VARCHAR(255) NOT NULL, payload_revision VARCHAR(255), payload BYTEA NOT NULL,"
					+ " meta_data BYTEA, UNIQUE (aggregate_identifier, sequence_number))");
		}
		return table;
	}

	private KafkaConsumer<byte[], byte[]> consumer(String group) {
		Properties config = new Properties();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BATCH);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
	}

	static double seconds(long startedNanos) {
		return (System.nanoTime() - startedNanos) / 1e9;
	}

}
