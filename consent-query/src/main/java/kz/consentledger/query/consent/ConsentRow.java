package kz.consentledger.query.consent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import kz.consentledger.consent.PurposeConsent;
import kz.consentledger.events.Recipient;
import kz.consentledger.query.store.Sql;
import kz.consentledger.query.store.UnnestedRows;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static kz.consentledger.query.store.Sql.timestamp;

/**
 * One row of {@code query.current_consent}: a {@link PurposeConsent} of the one fold, its
 * lists and pending refusal as JSON.
 */
final class ConsentRow {

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

	private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
	};

	private static final TypeReference<List<Recipient>> RECIPIENTS = new TypeReference<>() {
	};

	private ConsentRow() {
	}

	static PurposeConsent read(ResultSet row, JsonMapper json) throws SQLException {
		String refusal = row.getString("pending_refusal");
		return new PurposeConsent(row.getString("purpose"), row.getString("status"),
				json.readValue(row.getString("data_categories"), STRINGS),
				json.readValue(row.getString("recipients"), RECIPIENTS),
				json.readValue(row.getString("cross_border_countries"), STRINGS), row.getString("policy_version"),
				row.getString("granted_by_kind"), row.getString("granted_by_name"), row.getString("channel"),
				row.getString("language"), Sql.instant(row, "granted_at"), Sql.instant(row, "expires_at"),
				Sql.instant(row, "withdrawn_at"), row.getString("withdrawal_channel"),
				Sql.localDate(row, "stop_due_by"),
				(refusal != null) ? json.readValue(refusal, PurposeConsent.Refusal.class) : null);
	}

	/** The parameters of {@link #UPSERT}. */
	static Object[] parameters(String operator, String subject, PurposeConsent consent, JsonMapper json) {
		return new Object[] { operator, subject, consent.purpose(), consent.status(),
				json.writeValueAsString(consent.dataCategories()), json.writeValueAsString(consent.recipients()),
				json.writeValueAsString(consent.crossBorderCountries()), consent.policyVersion(),
				consent.grantedByKind(), consent.grantedByName(), consent.channel(), consent.language(),
				timestamp(consent.grantedAt()), timestamp(consent.expiresAt()), timestamp(consent.withdrawnAt()),
				consent.withdrawalChannel(), Sql.date(consent.stopDueBy()),
				(consent.pendingRefusal() != null) ? json.writeValueAsString(consent.pendingRefusal()) : null };
	}

}
