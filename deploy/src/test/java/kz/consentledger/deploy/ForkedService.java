package kz.consentledger.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * One of the ledger's services as its own process: the executable jar
 * {@code deploy/run.sh} runs, with a test's settings, on a port of its own. Unlike a
 * service in the test JVM it can be killed with SIGKILL.
 */
final class ForkedService implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The admin account of local mode (deploy/local-accounts.yml). */
	private static final String ADMIN = RunningLedger.basic("admin", "admin-demo");

	private final Process process;

	private final int port;

	private ForkedService(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Starts {@code module}'s jar ({@code consent-command} or {@code consent-query}) with
	 * extra JVM options; its output goes to {@code target/<log>.log}.
	 */
	static ForkedService start(String module, Map<String, String> settings, String log, String... jvmOptions) {
		int port = KafkaBrokerProcess.freePort();
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
		command.addAll(List.of(jvmOptions));
		command.addAll(List.of("-jar", jar(module).toString()));
		Map<String, String> own = new LinkedHashMap<>(settings);
		own.put("server.port", Integer.toString(port));
		own.forEach((key, value) -> command.add("--" + key + "=" + value));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(Path.of("target", log + ".log").toFile())
				.start();
			// A test JVM that ends early must not leave it running.
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-" + log));
			return new ForkedService(process, port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path jar(String module) {
		try (Stream<Path> files = Files.list(Path.of("..", module, "target"))) {
			return files.filter((file) -> file.getFileName().toString().endsWith("-exec.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						module + "/target/*-exec.jar is missing: build with ./mvnw package first"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Waits until the service answers on its health endpoint (up or not). */
	ForkedService awaitStarted() {
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("the service exited with " + this.process.exitValue());
			}
			return status("/actuator/health") > 0;
		});
		return this;
	}

	/**
	 * The exit status once the process has ended, or null when it runs on after the wait.
	 */
	Integer awaitExit(Duration wait) throws InterruptedException {
		return this.process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) ? this.process.exitValue() : null;
	}

	boolean alive() {
		return this.process.isAlive();
	}

	/**
	 * SIGKILL: no shutdown hook runs, nothing is flushed or committed on the way down.
	 */
	void kill() {
		try {
			this.process.destroyForcibly().waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** SIGTERM, as {@code deploy/run.sh stop} stops it. */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				kill();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** GET as the admin account: the JSON body of a 200, else an exception. */
	JsonNode get(String path) {
		HttpResponse<String> response = send(request(path).GET().build());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
		}
		return JSON.readTree(response.body());
	}

	/** POST without a body as the admin account: the JSON body of a 2xx. */
	JsonNode post(String path) {
		HttpResponse<String> response = send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build());
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
		}
		return JSON.readTree(response.body());
	}

	/** The status of a GET, 0 when the service does not answer. */
	int status(String path) {
		try {
			return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", ADMIN);
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
