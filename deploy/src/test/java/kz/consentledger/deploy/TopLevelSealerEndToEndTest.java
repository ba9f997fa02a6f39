package kz.consentledger.deploy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import kz.consentledger.command.CommandApplication;
import kz.consentledger.proof.LedgerKeys;
import kz.consentledger.proof.TopLevelCheckpoint;
import kz.consentledger.proof.note.NoteSigner;
import kz.consentledger.proof.note.SignedNote;
import kz.consentledger.query.QueryApplication;
import kz.consentledger.service.shard.Shards;
import kz.consentledger.service.shard.ShardingProperties;
import kz.consentledger.service.shard.ShardingProperties.Shard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the top-level sealer does with a shard that answers badly: the first shard is a
 * real command service, the second a stand-in that answers as told. Every bad answer
 * stops the round with a 409 naming the shard and the fault, within the sealer's time
 * limits; nothing is signed from it.
 */
class TopLevelSealerEndToEndTest {

	private static final String BASE = TestWitnesses.ORIGIN;

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static HttpServer standIn;

	private static volatile Answer answer;

	/** Lets the stand-in's stalled answer end once the sealer has given up on it. */
	private static final CountDownLatch released = new CountDownLatch(1);

	private static ConfigurableApplicationContext command;

	private static String commandUrl;

	private static String mapDigest;

	/** Shard kz-a's settings. */
	private static Map<String, String> settings;

	/** An operator of shard kz-b (every operator kz-a does not list). */
	private static final String OTHER = "990340005977";

	/** How the stand-in answers a path. */
	@FunctionalInterface
	interface Answer {

		void to(HttpExchange exchange) throws IOException;

	}

	@BeforeAll
	static void start() throws IOException {
		standIn = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		standIn.setExecutor(Executors.newCachedThreadPool());
		standIn.createContext("/", (exchange) -> {
			try (exchange) {
				answer.to(exchange);
			}
			catch (IOException ex) {
				// the sealer hung up: what is under test
			}
		});
		standIn.start();
		int port = KafkaBrokerProcess.freePort();
		commandUrl = "http://localhost:" + port;
		String standInUrl = "http://localhost:" + standIn.getAddress().getPort();
		settings = RunningLedger.settings("top-level");
		settings.put("ledger.proof.origin", BASE + "/kz-a");
		TestWitnesses.attach(settings, Path.of(settings.get("ledger.proof.signing-key-file")), "top-level",
				BASE + "/kz-a");
		settings.put("ledger.sharding.shard", "kz-a");
		List<Shard> map = List.of(
				new Shard("kz-a", List.of(ExampleStory.OPERATOR), URI.create(commandUrl), URI.create(commandUrl)),
				new Shard("kz-b", List.of("*"), URI.create(standInUrl), URI.create(standInUrl)));
		for (int i = 0; i < map.size(); i++) {
			settings.put("ledger.sharding.shards[" + i + "].name", map.get(i).name());
			settings.put("ledger.sharding.shards[" + i + "].operators[0]", map.get(i).operators().get(0));
			settings.put("ledger.sharding.shards[" + i + "].command-url", map.get(i).commandUrl().toString());
			settings.put("ledger.sharding.shards[" + i + "].query-url", map.get(i).queryUrl().toString());
		}
		settings.put("server.port", Integer.toString(port));
		mapDigest = Base64.getEncoder()
			.encodeToString(new Shards(new ShardingProperties("kz-b", map), BASE + "/kz-b").digest());
		command = RunningLedger.run(CommandApplication.application(), settings);
		answer = json("{\"shard\":\"kz-b\",\"digest\":\"" + mapDigest + "\"}", "[]");
	}

	@AfterAll
	static void stop() {
		if (command != null) {
			command.close();
		}
		released.countDown();
		standIn.stop(0);
	}

	/** The map as every shard must run it, and these checkpoints. */
	private static Answer json(String map, String checkpoints) {
		return (exchange) -> {
			String path = exchange.getRequestURI().getPath();
			byte[] body = (path.endsWith("/shards/map") ? map : checkpoints).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
		};
	}

	private static HttpResponse<String> seal() throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create(commandUrl + "/api/v1/admin/checkpoints/top-level"))
			.header("Authorization", RunningLedger.superuser())
			.timeout(Duration.ofSeconds(60))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void refused(String... fault) throws Exception {
		HttpResponse<String> response = seal();
		assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
		assertThat(response.body()).contains("shard kz-b").contains(fault);
	}

	/**
	 * The list of operators across shards takes from each shard's address only that
	 * shard's operators (an address that answers for another shard fails the list), and
	 * an instance gathers at most four such views at once.
	 */
	@Test
	void theListOfOperatorsAcrossShardsTakesOnlyEachShardsOwnAndIsGatheredFourAtATime() throws Exception {
		try (ConfigurableApplicationContext query = queryService()) {
			String operators = "http://localhost:" + query.getEnvironment().getProperty("local.server.port")
					+ "/api/v1/operators";
			Answer before = answer;
			CountDownLatch answering = new CountDownLatch(1);
			try {
				answer = json("{}", "[{\"operator\":\"" + OTHER + "\",\"subjects\":2}]");
				HttpResponse<String> listed = get(operators);
				assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
				assertThat(listed.body()).contains(OTHER);
				assertThat(listed.headers().firstValue("Ledger-Shards")).contains("kz-a, kz-b");
				answer = json("{}", "[{\"operator\":\"" + ExampleStory.OPERATOR + "\",\"subjects\":2}]");
				HttpResponse<String> misrouted = get(operators);
				assertThat(misrouted.statusCode()).as(misrouted.body()).isEqualTo(502);
				assertThat(misrouted.body()).contains("the address of shard kz-b answered with operator "
						+ ExampleStory.OPERATOR + ", which the map gives to shard kz-a");

				// A shard that does not answer holds at most four of this instance's
				// requests: the fifth view across shards is refused at once, not queued.
				AtomicInteger asked = new AtomicInteger();
				answer = (exchange) -> {
					if (!exchange.getRequestURI().getPath().equals("/api/v1/operators")) {
						// the command service's sealer, asking on its own schedule
						before.to(exchange);
						return;
					}
					asked.incrementAndGet();
					try {
						answering.await(60, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					exchange.sendResponseHeaders(503, -1);
				};
				List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
				for (int i = 0; i < 4; i++) {
					held.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(operators))
						.header("Authorization", RunningLedger.superuser())
						.build(), HttpResponse.BodyHandlers.ofString()));
				}
				await().atMost(Duration.ofSeconds(30)).until(() -> asked.get() == 4);
				HttpResponse<String> fifth = get(operators);
				assertThat(fifth.statusCode()).as(fifth.body()).isEqualTo(503);
				assertThat(fifth.body()).contains("gathering 4 views across the shards already");
				answering.countDown();
				for (CompletableFuture<HttpResponse<String>> one : held) {
					assertThat(one.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(502);
				}
				assertThat(get(operators).statusCode()).as("the permits are given back").isEqualTo(502);
			}
			finally {
				answering.countDown();
				answer = before;
			}
		}
	}

	/** A query instance of shard kz-a. */
	private static ConfigurableApplicationContext queryService() {
		Map<String, String> querySettings = new LinkedHashMap<>(settings);
		querySettings.put("server.port", "0");
		return RunningLedger.run(QueryApplication.application(), querySettings);
	}

	private static HttpResponse<String> get(String url) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", RunningLedger.superuser())
			.timeout(Duration.ofSeconds(60))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void aShardWithNothingSealedIsCoveredAtSizeZeroAndEveryBadAnswerIsRefusedNamingIt() throws Exception {
		HttpResponse<String> sealed = seal();
		assertThat(sealed.statusCode()).as(sealed.body()).isEqualTo(200);
		TopLevelCheckpoint first = TopLevelCheckpoint.parse(SignedNote.parse(sealed.body()).body());
		assertThat(first.headOf(BASE + "/kz-b")).hasValueSatisfying((head) -> assertThat(head.size()).isZero());

		answer = (exchange) -> {
			byte[] body = "<html>default backend</html>".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
		};
		refused("answered no JSON");

		answer = (exchange) -> exchange.sendResponseHeaders(404, -1);
		refused("answered 404");

		answer = (exchange) -> {
			exchange.sendResponseHeaders(200, 0);
			byte[] spaces = new byte[64 * 1024];
			Arrays.fill(spaces, (byte) ' ');
			for (int i = 0; i < 20; i++) {
				exchange.getResponseBody().write(spaces);
			}
		};
		refused("sent more than 1048576 bytes");

		answer = (exchange) -> {
			exchange.sendResponseHeaders(200, 0);
			OutputStream out = exchange.getResponseBody();
			// One byte, then nothing until the test has seen the sealer give up.
			out.write(' ');
			out.flush();
			try {
				released.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
		long started = System.nanoTime();
		refused("did not answer within 10 s");
		released.countDown();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(25));

		answer = json("{\"shard\":\"kz-b\",\"digest\":\"" + Base64.getEncoder().encodeToString(new byte[32]) + "\"}",
				"[]");
		refused("another shard map");

		// A checkpoint of kz-b's log that the ledger's key did not sign, or that no
		// witness
		// cosigned, is no head.
		NoteSigner stranger = NoteSigner.ed25519(BASE + "/kz-b", LedgerKeys.generate());
		String body = BASE + "/kz-b\n3\n" + Base64.getEncoder().encodeToString(new byte[32]) + "\n";
		String note = new SignedNote(body, List.of(stranger.sign(body, 0))).text();
		answer = json("{\"shard\":\"kz-b\",\"digest\":\"" + mapDigest + "\"}",
				"[{\"size\":3,\"note\":" + ExampleStory.JSON.writeValueAsString(note) + "}]");
		refused("none of shard kz-b's newest 1 checkpoints is signed as " + BASE + "/kz-b");

		// Nothing was signed from any of it: the newest note is still the first.
		HttpResponse<String> newest = HTTP.send(
				HttpRequest.newBuilder(URI.create(commandUrl + "/api/v1/ledger/shards/checkpoint")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(newest.body()).isEqualTo(sealed.body());
	}

}
