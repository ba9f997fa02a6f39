package kz.consentledger.deploy.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the ledger's services as a child process (its executable jar, as deploy/run.sh
 * starts it), with what the benchmark reads off it: health, heap after a full GC, RSS.
 */
final class Service implements AutoCloseable {

	private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

	private final String name;

	private final int port;

	private final Process process;

	private final Path log;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private Service(String name, int port, Process process, Path log) {
		this.name = name;
		this.port = port;
		this.process = process;
		this.log = log;
	}

	static Service start(String name, Path jar, int port, List<String> jvmOptions, Map<String, String> environment,
			Path log) throws IOException, InterruptedException {
		Service service = launch(name, jar, port, jvmOptions, environment, log);
		service.awaitHealthy();
		return service;
	}

	/** Starts the service without waiting for it: {@link #awaitHealthy()} does. */
	static Service launch(String name, Path jar, int port, List<String> jvmOptions, Map<String, String> environment,
			Path log) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(javaTool("java"));
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jar.toString());
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
		builder.environment().putAll(environment);
		builder.environment().put("SERVER_PORT", Integer.toString(port));
		Process process = builder.start();
		// An interrupted benchmark leaves no service behind.
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
		return new Service(name, port, process, log);
	}

	URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	HttpResponse<String> send(String method, String path, String user, String password)
			throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.header("Authorization", basicAuthorization(user, password))
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** The {@code Authorization} header value of HTTP Basic for this account. */
	static String basicAuthorization(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	/** Heap in use right after a full GC, in MiB (jcmd GC.run, then GC.heap_info). */
	double heapAfterGcMib() throws IOException, InterruptedException {
		jcmd("GC.run");
		Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
		if (!used.find()) {
			throw new IllegalStateException("jcmd GC.heap_info of " + this.name + " printed no heap figure");
		}
		return Long.parseLong(used.group(1)) / 1024.0;
	}

	/** Resident set size of the JVM, in MiB. */
	double rssMib() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/" + this.process.pid() + "/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
			}
		}
		throw new IllegalStateException("no VmRSS for " + this.name);
	}

	long pid() {
		return this.process.pid();
	}

	String jcmd(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(javaTool("jcmd"), Long.toString(this.process.pid())));
		command.addAll(List.of(arguments));
		Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(jcmd.getInputStream().readAllBytes());
		if (jcmd.waitFor() != 0) {
			throw new IllegalStateException("jcmd " + String.join(" ", arguments) + " failed: " + output);
		}
		return output;
	}

	void awaitHealthy() throws IOException, InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited during start-up: see " + this.log);
			}
			try {
				HttpResponse<String> health = this.http.send(
						HttpRequest.newBuilder(uri("/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.ofString());
				if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
					return;
				}
			}
			catch (IOException notYet) {
				// still starting
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException(this.name + " was not healthy within 4 minutes: see " + this.log);
	}

	/**
	 * The JDK tool next to the java that runs the benchmark, so service and tools match.
	 */
	static String javaTool(String tool) {
		return Path.of(System.getProperty("java.home"), "bin", tool).toString();
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

}
