package kz.consentledger.deploy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real PostgreSQL and the real Kafka the tests run against, chosen once per JVM:
 * containers when a Docker engine answers, otherwise the local PostgreSQL (connection
 * from {@code LEDGER_TEST_PG_URL}/{@code _USER}/{@code _PASSWORD}, as
 * {@code deploy/test.sh} sets them) and an in-JVM KRaft broker. A missing database fails
 * the tests with a message saying what to start; nothing is skipped. Two roles, as in
 * production (docs/security.md, "Database roles"): the owner creates the databases and
 * runs the migrations, the services connect as the app role, which may read and append
 * but not rewrite the evidence.
 */
public final class LedgerInfrastructure {

	/**
	 * The services' role where the tests create it (containers), and its default name.
	 */
	private static final String APP_ROLE = "ledger_app";

	private static LedgerInfrastructure instance;

	private final String adminUrl;

	private final String user;

	private final String password;

	private final String appUser;

	private final String appPassword;

	private final String bootstrapServers;

	private final String description;

	/** The databases this JVM created, dropped when it exits. */
	private final List<String> databases = new ArrayList<>();

	private LedgerInfrastructure(String adminUrl, String user, String password, String appUser, String appPassword,
			String bootstrapServers, String description) {
		this.adminUrl = adminUrl;
		this.user = user;
		this.password = password;
		this.appUser = appUser;
		this.appPassword = appPassword;
		this.bootstrapServers = bootstrapServers;
		this.description = description;
	}

	public static synchronized LedgerInfrastructure get() {
		if (instance == null) {
			instance = dockerAvailable() ? containers() : local();
			System.out.println("Test infrastructure: " + instance.description);
		}
		return instance;
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	@SuppressWarnings("resource")
	private static LedgerInfrastructure containers() {
		PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:16-alpine");
		postgres.start();
		// What deploy/lib/common.sh creates on a local server.
		try (Connection connection = DriverManager.getConnection(postgres.getJdbcUrl(), postgres.getUsername(),
				postgres.getPassword()); Statement statement = connection.createStatement()) {
			statement.execute("CREATE ROLE " + APP_ROLE + " LOGIN PASSWORD '" + APP_ROLE + "'");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot create the app role in the container: " + ex.getMessage(), ex);
		}
		KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.0");
		kafka.start();
		return new LedgerInfrastructure(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(), APP_ROLE,
				APP_ROLE, kafka.getBootstrapServers(), "Testcontainers (PostgreSQL and Kafka containers)");
	}

	private static LedgerInfrastructure local() {
		String url = env("LEDGER_TEST_PG_URL", "jdbc:postgresql://localhost:5432/postgres");
		String user = env("LEDGER_TEST_PG_USER", "ledger");
		String password = env("LEDGER_TEST_PG_PASSWORD", "ledger");
		String appUser = env("LEDGER_TEST_PG_APP_USER", APP_ROLE);
		String appPassword = env("LEDGER_TEST_PG_APP_PASSWORD", APP_ROLE);
		for (String[] role : List.of(new String[] { user, password }, new String[] { appUser, appPassword })) {
			try (Connection ignored = DriverManager.getConnection(url, role[0], role[1])) {
				// reachable
			}
			catch (SQLException ex) {
				throw new IllegalStateException("No Docker engine and no PostgreSQL at " + url + " as " + role[0] + " ("
						+ ex.getMessage() + "). Run the tests with ./deploy/test.sh, which starts PostgreSQL and "
						+ "creates the roles, or set LEDGER_TEST_PG_URL, LEDGER_TEST_PG_USER and "
						+ "LEDGER_TEST_PG_PASSWORD (the owner, which may create databases), LEDGER_TEST_PG_APP_USER and "
						+ "LEDGER_TEST_PG_APP_PASSWORD (the services' role).", ex);
			}
		}
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
		broker.afterPropertiesSet();
		Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
		LedgerInfrastructure local = new LedgerInfrastructure(url, user, password, appUser, appPassword,
				broker.getBrokersAsString(),
				"local PostgreSQL at " + url + " and an in-JVM KRaft Kafka broker at " + broker.getBrokersAsString());
		// Each test class's database would otherwise stay behind in the local cluster
		// (a container's go with it): hundreds of them after a few weeks of runs.
		Runtime.getRuntime().addShutdownHook(new Thread(local::dropDatabases, "drop-test-databases"));
		return local;
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

	/** Creates an empty database of its own for one test class; returns its JDBC URL. */
	public String freshDatabase(String purpose) {
		String name = "ledger_test_" + purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_") + "_"
				+ UUID.randomUUID().toString().substring(0, 8);
		try (Connection connection = DriverManager.getConnection(this.adminUrl, this.user, this.password);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot create test database " + name + ": " + ex.getMessage(), ex);
		}
		synchronized (this.databases) {
			this.databases.add(name);
		}
		int slash = this.adminUrl.lastIndexOf('/');
		int query = this.adminUrl.indexOf('?', slash);
		return this.adminUrl.substring(0, slash + 1) + name + ((query > 0) ? this.adminUrl.substring(query) : "");
	}

	/**
	 * Drops them even if a service still holds connections: the JVM is going away. A
	 * failure only leaves a database behind, so it is reported, not thrown.
	 */
	private void dropDatabases() {
		synchronized (this.databases) {
			try (Connection connection = DriverManager.getConnection(this.adminUrl, this.user, this.password);
					Statement statement = connection.createStatement()) {
				for (String name : this.databases) {
					statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
				}
			}
			catch (SQLException ex) {
				System.err.println("Test databases " + this.databases + " were not all dropped: " + ex.getMessage());
			}
		}
	}

	/** The owner: creates the databases, runs the migrations, and tampers in tests. */
	public String user() {
		return this.user;
	}

	public String password() {
		return this.password;
	}

	/** The role the services connect as. */
	public String appUser() {
		return this.appUser;
	}

	public String appPassword() {
		return this.appPassword;
	}

	public String bootstrapServers() {
		return this.bootstrapServers;
	}

	/** A producer of raw records to this broker, as {@link #producer(String, Map)}. */
	public KafkaProducer<byte[], byte[]> producer(Map<String, Object> settings) {
		return producer(this.bootstrapServers, settings);
	}

	/**
	 * A producer of raw records to a broker, acknowledged by all replicas. Not
	 * idempotent: on a topic the broker has just created, an idempotent producer's first
	 * batch can get NOT_LEADER_OR_FOLLOWER and its retries OUT_OF_ORDER_SEQUENCE until
	 * the delivery timeout (a CI run of the crash test; docs/benchmarks.md, known
	 * problems). One request in flight keeps each partition in order; a retried duplicate
	 * is deduplicated by the ledger like any redelivery.
	 */
	public static KafkaProducer<byte[], byte[]> producer(String bootstrapServers, Map<String, Object> settings) {
		Map<String, Object> config = new HashMap<>(settings);
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
		config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
		return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
	}

}
