package kz.consentledger.deploy.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** The benchmark's own PostgreSQL database (created by deploy/bench.sh). */
record Database(String url, String user, String password) {

	Connection connect() throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", this.user);
		properties.setProperty("password", this.password);
		// The drivers' fastest batch path, for the baselines as for the services.
		properties.setProperty("reWriteBatchedInserts", "true");
		return DriverManager.getConnection(this.url, properties);
	}

	/** Drops what a previous run left: the ledger, its projections and the baselines. */
	void reset() throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS ledger, query, bench CASCADE");
			statement.execute("CREATE SCHEMA bench");
		}
	}

	void execute(String sql) throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	long scalar(String sql) throws SQLException {
		return single(sql, (row) -> row.getLong(1));
	}

	String text(String sql) throws SQLException {
		return single(sql, (row) -> row.getString(1));
	}

	/** The first column of the one row {@code sql} returns. */
	private <T> T single(String sql, Column<T> column) throws SQLException {
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery(sql)) {
			row.next();
			return column.read(row);
		}
	}

	private interface Column<T> {

		T read(ResultSet row) throws SQLException;

	}

	/** False until the service has migrated the database. */
	boolean exists(String table) throws SQLException {
		return scalar("SELECT count(*) FROM pg_class WHERE oid = to_regclass('" + table + "')") > 0;
	}

}
