package kz.consentledger.deploy.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Latency of the two reads DPOs and regulators make most: a subject's current consent and
 * its history (first page of 100), through the query service's REST API, and the same SQL
 * the controllers run, raw over JDBC. Requests are sequential (one client), each for a
 * random known subject.
 */
final class QueryProbe {

	static final String CONSENT = "consent";

	static final String HISTORY = "history";

	private static final String AUTHORIZATION = Service.basicAuthorization("regulator", "regulator-demo");

	private final Service query;

	private final Database database;

	private final Supplier<String[]> subjects;

	QueryProbe(Service query, Database database, Supplier<String[]> subjects) {
		this.query = query;
		this.database = database;
		this.subjects = subjects;
	}

	/**
	 * Milliseconds per request: keys {@code consent.http}, {@code consent.sql},
	 * {@code history.http}, {@code history.sql}; stops early when {@code keepGoing} turns
	 * false.
	 */
	Map<String, List<Double>> measure(int requests, BooleanSupplier keepGoing) throws IOException, SQLException {
		Map<String, List<Double>> millis = new LinkedHashMap<>();
		for (String key : List.of("consent.http", "consent.sql", "history.http", "history.sql")) {
			millis.put(key, new ArrayList<>());
		}
		try (Connection connection = this.database.connect();
				PreparedStatement subject = connection
					.prepareStatement("SELECT * FROM query.subject WHERE operator = ? AND subject = ?");
				PreparedStatement consents = connection.prepareStatement(
						"SELECT * FROM query.current_consent WHERE operator = ? AND subject = ? ORDER BY purpose");
				PreparedStatement count = connection
					.prepareStatement("SELECT count(*) FROM query.history_entry WHERE operator = ? AND subject = ?");
				PreparedStatement history = connection.prepareStatement("SELECT * FROM query.history_entry"
						+ " WHERE operator = ? AND subject = ? ORDER BY global_index LIMIT 100 OFFSET 0")) {
			for (int i = 0; i < requests && keepGoing.getAsBoolean(); i++) {
				String[] pick = this.subjects.get();
				String path = "/api/v1/operators/" + pick[0] + "/subjects/" + pick[1];
				millis.get("consent.http").add(http(path + "/consents"));
				millis.get("history.http").add(http(path + "/history?size=100"));
				long started = System.nanoTime();
				read(subject, pick);
				read(consents, pick);
				millis.get("consent.sql").add((System.nanoTime() - started) / 1e6);
				started = System.nanoTime();
				read(count, pick);
				read(history, pick);
				millis.get("history.sql").add((System.nanoTime() - started) / 1e6);
			}
		}
		return millis;
	}

	/**
	 * A blocking request on the calling thread, over a kept-alive connection. The JDK's
	 * {@code HttpClient} hands each exchange between the caller, its selector thread and
	 * an executor thread: three wake-ups per request that, on two busy cores, measured
	 * the client's scheduling as much as the service.
	 */
	private double http(String path) throws IOException {
		long started = System.nanoTime();
		HttpURLConnection connection = (HttpURLConnection) this.query.uri(path).toURL().openConnection();
		connection.setRequestProperty("Authorization", AUTHORIZATION);
		int status = connection.getResponseCode();
		String body;
		try (InputStream in = (status < 400) ? connection.getInputStream() : connection.getErrorStream()) {
			body = (in != null) ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : "";
		}
		double elapsed = (System.nanoTime() - started) / 1e6;
		if (status != 200) {
			throw new IllegalStateException("GET " + path + " answered " + status + ": " + body);
		}
		return elapsed;
	}

	/** Runs the query and reads every column of every row, as the controller does. */
	private static void read(PreparedStatement statement, String[] pick) throws SQLException {
		statement.setString(1, pick[0]);
		statement.setString(2, pick[1]);
		try (ResultSet rows = statement.executeQuery()) {
			int columns = rows.getMetaData().getColumnCount();
			while (rows.next()) {
				for (int c = 1; c <= columns; c++) {
					rows.getString(c);
				}
			}
		}
	}

}
