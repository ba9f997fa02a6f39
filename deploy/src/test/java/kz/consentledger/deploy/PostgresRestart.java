package kz.consentledger.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Restarts the PostgreSQL server of the tests' databases with the command in
 * {@code LEDGER_TEST_PG_RESTART}, which {@code deploy/test.sh} sets for the local cluster
 * it manages ({@code pg_ctlcluster 15 main restart}). Tests run one class at a time in
 * one JVM (the deploy module's default surefire run), so no other class holds a
 * connection that a restart would break.
 */
final class PostgresRestart {

	private static final String COMMAND = "LEDGER_TEST_PG_RESTART";

	private PostgresRestart() {
	}

	/**
	 * Why the server of {@code databaseUrl} cannot be restarted by the tests, if it
	 * cannot: no restart command, or the database is not on the server that command
	 * restarts (that of {@code LEDGER_TEST_PG_URL}; a Testcontainers container's is
	 * another).
	 */
	static Optional<String> unavailable(String databaseUrl) {
		String command = System.getenv(COMMAND);
		String server = System.getenv("LEDGER_TEST_PG_URL");
		if (command == null || command.isBlank() || server == null) {
			return Optional.of("PostgreSQL is not restarted: no " + COMMAND + " (deploy/test.sh sets it for the "
					+ "local cluster it manages when it runs as root or with passwordless sudo; for a server "
					+ "given in LEDGER_TEST_PG_URL, set it to a command that restarts that server)");
		}
		if (!authority(databaseUrl).equals(authority(server))) {
			return Optional.of("PostgreSQL is not restarted: the tests' databases are at " + authority(databaseUrl)
					+ ", not on the server " + COMMAND + " restarts (" + authority(server) + ")");
		}
		return Optional.empty();
	}

	/** Restarts the server and returns once the command has (it waits for the start). */
	static void restart() {
		Path log = Path.of("target", "fault-postgres-restart.log");
		try {
			Process process = new ProcessBuilder("sh", "-c", System.getenv(COMMAND)).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			if (process.waitFor() != 0) {
				throw new IllegalStateException(
						COMMAND + " (" + System.getenv(COMMAND) + ") failed: " + Files.readString(log));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** {@code host:port} of a JDBC URL. */
	private static String authority(String jdbcUrl) {
		int start = jdbcUrl.indexOf("//") + 2;
		int end = jdbcUrl.indexOf('/', start);
		return jdbcUrl.substring(start, (end < 0) ? jdbcUrl.length() : end);
	}

}
