package kz.consentledger.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import kz.consentledger.command.CommandApplication;
import kz.consentledger.events.JudgmentRevised;
import kz.consentledger.proof.LedgerKeys;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import kz.consentledger.query.QueryApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Both services of one ledger, started in this JVM against a database of their own and
 * topics of their own, on random ports: what {@code deploy/run.sh} starts, minus the
 * processes.
 */
public final class RunningLedger implements AutoCloseable {

	/**
	 * A fixed test key: the tests check that sealed fields open, and that the store holds
	 * none in clear.
	 */
	public static final String MASTER_KEY = "q0Qm3V1u7pJmR4w0g2Zb9nT5cXyL8aEoK6sDfH1jU2I=";

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	/**
	 * What the helpers send unless told otherwise: a token of the test identity provider
	 * holding every role for every operator.
	 */
	public static final List<String> ALL_ROLES = List.of("ingest", "dpo", "regulator", "admin");

	/** The run command's demo accounts (local mode), which the tests sign in with too. */
	public static final Path LOCAL_ACCOUNTS = Path.of("local-accounts.yml").toAbsolutePath();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ConfigurableApplicationContext command;

	private final ConfigurableApplicationContext query;

	private final String topic;

	private final String deadLetterTopic;

	private final JdbcTemplate jdbc;

	private final Map<String, String> settings;

	private RunningLedger(Map<String, String> settings, ConfigurableApplicationContext command,
			ConfigurableApplicationContext query, JdbcTemplate jdbc) {
		this.settings = settings;
		this.command = command;
		this.query = query;
		this.topic = settings.get("ledger.kafka.topic");
		this.deadLetterTopic = settings.get("ledger.kafka.dead-letter-topic");
		this.jdbc = jdbc;
	}

	public static RunningLedger start(String name) {
		return start(name, Map.of());
	}

	/** A fresh ledger with some settings of its own. */
	public static RunningLedger start(String name, Map<String, String> overrides) {
		Map<String, String> settings = settings(name);
		settings.putAll(overrides);
		ConfigurableApplicationContext command = run(CommandApplication.application(), settings);
		ConfigurableApplicationContext query = run(QueryApplication.application(), settings);
		return new RunningLedger(settings, command, query, ownerJdbc(settings));
	}

	/**
	 * Both services on these settings (a database already made), with {@code owner} to
	 * look into it.
	 */
	static RunningLedger start(Map<String, String> settings, JdbcTemplate owner) {
		ConfigurableApplicationContext command = run(CommandApplication.application(), settings);
		ConfigurableApplicationContext query = run(QueryApplication.application(), settings);
		return new RunningLedger(settings, command, query, owner);
	}

	/**
	 * The ledger's database as its owner (the migrations' role), which a test uses to
	 * look into the store and to tamper with it as someone who owns the database would.
	 */
	public static JdbcTemplate ownerJdbc(Map<String, String> settings) {
		return new JdbcTemplate(new DriverManagerDataSource(settings.get("spring.datasource.url"),
				settings.get("spring.flyway.user"), settings.get("spring.flyway.password")));
	}

	/**
	 * The settings of a fresh ledger: its own database, topics, consumer group and
	 * signing key; the services connect as the app role, the migrations run as the owner.
	 */
	public static Map<String, String> settings(String name) {
		LedgerInfrastructure infrastructure = LedgerInfrastructure.get();
		String suffix = name + "-" + UUID.randomUUID().toString().substring(0, 8);
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("spring.datasource.url", infrastructure.freshDatabase(name));
		settings.put("spring.datasource.username", infrastructure.appUser());
		settings.put("spring.datasource.password", infrastructure.appPassword());
		settings.put("spring.flyway.user", infrastructure.user());
		settings.put("spring.flyway.password", infrastructure.password());
		settings.put("spring.kafka.bootstrap-servers", infrastructure.bootstrapServers());
		settings.put("spring.kafka.consumer.group-id", "ledger-" + suffix);
		settings.put("ledger.kafka.topic", "consent.events.v1." + suffix);
		settings.put("ledger.kafka.dead-letter-topic", "consent.events.v1." + suffix + ".dlt");
		settings.put("ledger.kafka.operator-topic-prefix", "consent.events.v1." + suffix + ".operator.");
		// Operators' topics created during a test are found by the pattern subscription
		// at once.
		settings.put("spring.kafka.consumer.properties.metadata.max.age.ms", "1000");
		settings.put("ledger.privacy.master-key", MASTER_KEY);
		Path signingKey = signingKeyFile(suffix);
		settings.put("ledger.proof.signing-key-file", signingKey.toString());
		TestWitnesses.attach(settings, signingKey, suffix);
		settings.put("ledger.proof.checkpoint-interval", "2s");
		settings.put("server.port", "0");
		TestIdentityProvider identity = TestIdentityProvider.get();
		settings.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", identity.issuer());
		settings.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", identity.jwksUrl());
		settings.put("spring.config.additional-location", LOCAL_ACCOUNTS.toString());
		return settings;
	}

	/**
	 * A new key, written as an operator would before the first start: services never
	 * create one.
	 */
	private static Path signingKeyFile(String suffix) {
		try {
			KeyPair pair = LedgerKeys.generate();
			return Files.writeString(
					Files.createTempDirectory("ledger-key-" + suffix).resolve("ledger-signing-key.pem"),
					LedgerKeys.privateKeyPem(pair.getPrivate()) + LedgerKeys.publicKeyPem(pair.getPublic()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** One service in this JVM with these settings as its command line. */
	static ConfigurableApplicationContext run(SpringApplicationBuilder application, Map<String, String> settings) {
		String[] args = settings.entrySet()
			.stream()
			.map((e) -> "--" + e.getKey() + "=" + e.getValue())
			.toArray(String[]::new);
		return application.run(args);
	}

	public String topic() {
		return this.topic;
	}

	public String deadLetterTopic() {
		return this.deadLetterTopic;
	}

	public Map<String, String> settings() {
		return this.settings;
	}

	/** See {@link #ownerJdbc(Map)}. */
	public JdbcTemplate jdbc() {
		return this.jdbc;
	}

	/** The role the services connect as. */
	public String appRole() {
		return this.settings.get("spring.datasource.username");
	}

	public String commandUrl() {
		return "http://localhost:" + this.command.getEnvironment().getProperty("local.server.port");
	}

	public String queryUrl() {
		return "http://localhost:" + this.query.getEnvironment().getProperty("local.server.port");
	}

	/** A bean of the command service, for a test that calls it directly. */
	public <T> T commandBean(Class<T> type) {
		return this.command.getBean(type);
	}

	/**
	 * The facts stored, without the ledger's own re-judgments (ADR 0023): a policy
	 * publication that another consumer thread appends after a grant that names it adds
	 * some, whatever the test sends.
	 */
	public long storedEvents() {
		return this.jdbc.queryForObject("SELECT count(*) FROM ledger.domain_event_entry WHERE payload_type <> '"
				+ JudgmentRevised.class.getName() + "'", Long.class);
	}

	/**
	 * {@code Authorization} header of the helpers' default account: every role for every
	 * operator.
	 */
	public static String superuser() {
		return TestIdentityProvider.get().bearer("ledger-test", ALL_ROLES, List.of("*"));
	}

	/** {@code Authorization} header value of a local account. */
	public static String basic(String username, String password) {
		return "Basic " + java.util.Base64.getEncoder()
			.encodeToString((username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	/**
	 * A request with the default account's credentials, which {@code headers} may
	 * replace.
	 */
	private static HttpRequest.Builder request(String url, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).setHeader("Authorization", superuser());
		headers.forEach(request::setHeader);
		return request;
	}

	/** GET on the query service; the status and the JSON body. */
	public Response get(String path) {
		return get(path, Map.of());
	}

	/** POST without a body to the command service, such as an admin action. */
	public Response postCommand(String path) {
		return send(request(commandUrl() + path, Map.of()).POST(HttpRequest.BodyPublishers.noBody()).build());
	}

	/** POST without a body to the query service, such as an admin action. */
	public Response postQuery(String path) {
		return send(request(queryUrl() + path, Map.of()).POST(HttpRequest.BodyPublishers.noBody()).build());
	}

	/** GET on the command service. */
	public Response getCommand(String path) {
		return send(request(commandUrl() + path, Map.of()).GET().build());
	}

	/** GET on the query service with request headers (credentials, reason). */
	public Response get(String path, Map<String, String> headers) {
		return send(request(queryUrl() + path, headers).GET().build());
	}

	/**
	 * Any request to either service with request headers, for the authorization matrix.
	 */
	public Response send(String method, String url, Map<String, String> headers) {
		return send(method, url, headers, new byte[0]);
	}

	/** Any request with a body, with exactly the headers given (no default account). */
	public Response send(String method, String url, Map<String, String> headers, byte[] body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.method(method, (body.length == 0) ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofByteArray(body));
		headers.forEach(request::setHeader);
		return send(request.build());
	}

	/**
	 * GET on the query service of a document kept byte for byte, such as an export
	 * bundle.
	 */
	public byte[] getBytes(String path, Map<String, String> headers) {
		HttpRequest.Builder request = request(queryUrl() + path, headers).GET();
		try {
			HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(path + " answered " + response.statusCode() + ": "
						+ new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** GET of any JSON document, such as a service's OpenAPI description. */
	public static JsonNode getJson(String url) {
		Response response = send(HttpRequest.newBuilder(URI.create(url)).GET().build());
		if (response.status() != 200) {
			throw new IllegalStateException(url + " answered " + response.status());
		}
		return response.body();
	}

	/** POST to the command service's ingestion endpoint. */
	public Response post(String contentType, Map<String, String> headers, byte[] body) {
		HttpRequest.Builder request = request(commandUrl() + "/api/v1/events", Map.of()).header("Content-Type",
				contentType);
		headers.forEach(request::setHeader);
		return send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
	}

	private static Response send(HttpRequest request) {
		try {
			HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
			String contentType = response.headers().firstValue("Content-Type").orElse("");
			JsonNode body = (response.body().isEmpty() || !contentType.contains("json")) ? JSON.nullNode()
					: JSON.readTree(response.body());
			return new Response(response.statusCode(), contentType, body, response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The first {@code count} records of the dead-letter topic (waits up to a minute).
	 */
	public List<ConsumerRecord<byte[], byte[]>> deadLetters(int count) {
		return deadLetters((records) -> records.size() >= count);
	}

	/**
	 * The records of the dead-letter topic from the first, read until {@code enough} says
	 * so (waits up to a minute).
	 */
	public List<ConsumerRecord<byte[], byte[]>> deadLetters(
			java.util.function.Predicate<List<ConsumerRecord<byte[], byte[]>>> enough) {
		Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				LedgerInfrastructure.get().bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG,
				"dlt-reader-" + System.nanoTime(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		List<ConsumerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(this.deadLetterTopic));
			org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> {
				consumer.poll(java.time.Duration.ofMillis(500)).forEach(records::add);
				return enough.test(records);
			});
		}
		return records;
	}

	/** A header of a record as text, or null. */
	public static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), java.nio.charset.StandardCharsets.UTF_8) : null;
	}

	@Override
	public void close() {
		this.query.close();
		this.command.close();
	}

	/**
	 * {@code body}: the parsed JSON when the response is JSON; {@code text}: as received.
	 */
	public record Response(int status, String contentType, JsonNode body, String text) {
	}

}
