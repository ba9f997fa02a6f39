package kz.consentledger.query.consent;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

import kz.consentledger.query.store.UnnestedRows;

/**
 * One row of {@code query.current_consent} as the projection folds a batch's events into
 * it; JSON columns stay JSON text.
 */
record ConsentRow(String operator, String subject, String purpose, String status, String dataCategories,
		String recipients, String crossBorderCountries, String policyVersion, String grantedByKind,
		String grantedByName, String channel, String language, Timestamp grantedAt, Timestamp expiresAt,
		Timestamp withdrawnAt, String withdrawalChannel, Date stopDueBy, String pendingRefusal) {

	static final String COLUMNS = "operator, subject, purpose, status, data_categories, recipients, "
			+ "cross_border_countries, policy_version, granted_by_kind, granted_by_name, channel, language, "
			+ "granted_at, expires_at, withdrawn_at, withdrawal_channel, stop_due_by, pending_refusal";

	static final UnnestedRows UPSERT = new UnnestedRows("INSERT INTO query.current_consent (" + COLUMNS
			+ ") SELECT * FROM %s ON CONFLICT (operator, subject, purpose) "
			+ "DO UPDATE SET status = EXCLUDED.status, data_categories = EXCLUDED.data_categories, "
			+ "recipients = EXCLUDED.recipients, cross_border_countries = EXCLUDED.cross_border_countries, "
			+ "policy_version = EXCLUDED.policy_version, granted_by_kind = EXCLUDED.granted_by_kind, "
			+ "granted_by_name = EXCLUDED.granted_by_name, channel = EXCLUDED.channel, language = EXCLUDED.language, "
			+ "granted_at = EXCLUDED.granted_at, expires_at = EXCLUDED.expires_at, "
			+ "withdrawn_at = EXCLUDED.withdrawn_at, withdrawal_channel = EXCLUDED.withdrawal_channel, "
			+ "stop_due_by = EXCLUDED.stop_due_by, pending_refusal = EXCLUDED.pending_refusal", "bpchar", "varchar",
			"varchar", "varchar", "jsonb", "jsonb", "jsonb", "varchar", "varchar", "text", "varchar", "varchar",
			"timestamptz", "timestamptz", "timestamptz", "varchar", "date", "jsonb");

	static ConsentRow fromRow(ResultSet row) throws SQLException {
		return new ConsentRow(row.getString("operator"), row.getString("subject"), row.getString("purpose"),
				row.getString("status"), row.getString("data_categories"), row.getString("recipients"),
				row.getString("cross_border_countries"), row.getString("policy_version"),
				row.getString("granted_by_kind"), row.getString("granted_by_name"), row.getString("channel"),
				row.getString("language"), row.getTimestamp("granted_at"), row.getTimestamp("expires_at"),
				row.getTimestamp("withdrawn_at"), row.getString("withdrawal_channel"), row.getDate("stop_due_by"),
				row.getString("pending_refusal"));
	}

	Key key() {
		return new Key(this.operator, this.subject, this.purpose);
	}

	boolean active() {
		return "active".equals(this.status);
	}

	ConsentRow withdrawn(Timestamp at, String channel, Date stopDue) {
		return new ConsentRow(this.operator, this.subject, this.purpose, "withdrawn", this.dataCategories,
				this.recipients, this.crossBorderCountries, this.policyVersion, this.grantedByKind, this.grantedByName,
				this.channel, this.language, this.grantedAt, this.expiresAt, at, channel, stopDue, null);
	}

	ConsentRow refused(String refusal) {
		return new ConsentRow(this.operator, this.subject, this.purpose, this.status, this.dataCategories,
				this.recipients, this.crossBorderCountries, this.policyVersion, this.grantedByKind, this.grantedByName,
				this.channel, this.language, this.grantedAt, this.expiresAt, this.withdrawnAt, this.withdrawalChannel,
				this.stopDueBy, refusal);
	}

	/** The parameters of {@link #UPSERT}. */
	Object[] parameters() {
		return new Object[] { this.operator, this.subject, this.purpose, this.status, this.dataCategories,
				this.recipients, this.crossBorderCountries, this.policyVersion, this.grantedByKind, this.grantedByName,
				this.channel, this.language, this.grantedAt, this.expiresAt, this.withdrawnAt, this.withdrawalChannel,
				this.stopDueBy, this.pendingRefusal };
	}

	/** A consent's identity: one purpose of one subject of one operator. */
	record Key(String operator, String subject, String purpose) {
	}

}
