package kz.consentledger.query.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A batch's rows written by one statement: each column travels as one array parameter and
 * the statement reads the rows back with {@code unnest}. A JDBC batch, even rewritten
 * into multi-row INSERTs, was up to seven statements per batch (at most 128 rows each),
 * and every statement fired the dashboard's statement triggers: their fixed cost per call
 * was a fifth of the database's time in a rebuild (docs/benchmarks.md).
 */
public final class UnnestedRows {

	private final String sql;

	private final String[] columnTypes;

	/**
	 * @param statement SQL with {@code %s} where the rows go, e.g.
	 * {@code INSERT INTO t (a, b) SELECT * FROM %s}
	 * @param columnTypes the PostgreSQL type of each column, in the rows' order
	 */
	public UnnestedRows(String statement, String... columnTypes) {
		this(columnTypes.clone(),
				statement.formatted(Arrays.stream(columnTypes)
					.map((type) -> "?::" + type + "[]")
					.collect(Collectors.joining(", ", "unnest(", ")"))));
	}

	private UnnestedRows(String[] columnTypes, String sql) {
		this.sql = sql;
		this.columnTypes = columnTypes;
	}

	/** The same statement on {@code tables}' schema. */
	UnnestedRows in(ProjectionTables tables) {
		return new UnnestedRows(this.columnTypes, tables.sql(this.sql));
	}

	/** Writes {@code rows} (one value per column each); nothing for no rows. */
	public void write(JdbcTemplate jdbc, List<Object[]> rows) {
		if (rows.isEmpty()) {
			return;
		}
		jdbc.update((connection) -> bind(connection, rows));
	}

	private PreparedStatement bind(Connection connection, List<Object[]> rows) throws SQLException {
		for (Object[] row : rows) {
			if (row.length != this.columnTypes.length) {
				throw new IllegalArgumentException(
						"a row of " + row.length + " values for " + this.columnTypes.length + " columns: " + this.sql);
			}
		}
		PreparedStatement statement = connection.prepareStatement(this.sql);
		for (int column = 0; column < this.columnTypes.length; column++) {
			String[] values = new String[rows.size()];
			for (int row = 0; row < values.length; row++) {
				values[row] = text(rows.get(row)[column]);
			}
			// PostgreSQL parses each element with the column type's own input function.
			statement.setArray(column + 1, connection.createArrayOf(this.columnTypes[column], values));
		}
		return statement;
	}

	/**
	 * The value as PostgreSQL reads it; instants with their offset (a Timestamp's own
	 * text is in the JVM's zone).
	 */
	private static String text(Object value) {
		if (value == null) {
			return null;
		}
		return (value instanceof Timestamp timestamp) ? timestamp.toInstant().toString() : value.toString();
	}

}
