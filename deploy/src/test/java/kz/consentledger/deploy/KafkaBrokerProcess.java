package kz.consentledger.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;

import static org.awaitility.Awaitility.await;

/**
 * A single-node KRaft broker in a JVM of its own, configured from the file
 * {@code deploy/run.sh} starts its broker with ({@code deploy/kafka}), on ports and a
 * data directory of its own. Unlike the tests' in-JVM broker it can be stopped and
 * started again on the same ports with the same data, as an operator restarts one.
 */
final class KafkaBrokerProcess implements AutoCloseable {

	private final Path directory;

	private final Path config;

	private final int port;

	private Process process;

	private KafkaBrokerProcess(Path directory, Path config, int port) {
		this.directory = directory;
		this.config = config;
		this.port = port;
	}

	/** Formats a fresh data directory under {@code target} and starts the broker. */
	static KafkaBrokerProcess start(String name) {
		try {
			Path directory = Files
				.createDirectories(Path.of("target", name + "-kafka-" + UUID.randomUUID().toString().substring(0, 8)))
				.toAbsolutePath();
			int port = freePort();
			String properties = Files.readString(Path.of("kafka", "server.properties.template"))
				.replace("localhost:9092", "localhost:" + port)
				.replace("localhost:9093", "localhost:" + freePort())
				.replace("@DATA_DIR@", directory.resolve("data").toString());
			Path config = Files.writeString(directory.resolve("server.properties"), properties);
			KafkaBrokerProcess broker = new KafkaBrokerProcess(directory, config, port);
			int formatted = broker
				.java(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
						config.toString()))
				.waitFor();
			if (formatted != 0) {
				throw new IllegalStateException(
						"formatting the broker's storage failed: see " + directory.resolve("kafka.log"));
			}
			broker.start();
			return broker;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	String bootstrapServers() {
		return "localhost:" + this.port;
	}

	/**
	 * Stops the broker as {@code deploy/run.sh stop} does (SIGTERM) and starts it again.
	 */
	void restart() {
		stop();
		start();
	}

	private void start() {
		Process broker = java(List.of("kafka.Kafka", this.config.toString()));
		// A test JVM that ends early must not leave it running.
		Runtime.getRuntime().addShutdownHook(new Thread(broker::destroyForcibly, "stop-kafka"));
		this.process = broker;
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("the broker exited: see " + this.directory.resolve("kafka.log"));
			}
			return listening();
		});
	}

	private void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private boolean listening() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("localhost", this.port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * A Kafka class run from this JVM's class path, which holds the broker's jars (the
	 * deploy module depends on them), logging as the run script's broker does.
	 */
	private Process java(List<String> mainAndArguments) {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
						"-Dlogback.configurationFile=" + Path.of("kafka", "logback.xml").toAbsolutePath(), "-cp",
						System.getProperty("java.class.path")));
		command.addAll(mainAndArguments);
		try {
			return new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.directory.resolve("kafka.log").toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Stops the broker and deletes its data, keeping its log. */
	@Override
	public void close() {
		stop();
		try (Stream<Path> files = Files.walk(this.directory.resolve("data"))) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
