package kz.consentledger.query.consent;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;

import kz.consentledger.events.ConsentGranted;
import kz.consentledger.events.ConsentWithdrawalRefused;
import kz.consentledger.events.ConsentWithdrawn;
import kz.consentledger.events.DataShared;
import kz.consentledger.events.PolicyAccepted;
import kz.consentledger.events.Provenance;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import static kz.consentledger.query.store.Sql.date;
import static kz.consentledger.query.store.Sql.timestamp;

/**
 * Maintains {@code query.subject} and {@code query.current_consent}. A grant replaces the
 * purposes it names; a withdrawal marks them withdrawn with the stop due date; a refused
 * withdrawal leaves them active and records the refusal beside them.
 */
@Component
@ProcessingGroup(CurrentConsentProjection.GROUP)
public class CurrentConsentProjection {

	/** All projections share one processor so that a rebuild replays them together. */
	public static final String GROUP = "consent-projections";

	private static final String UPSERT_CONSENT = """
			INSERT INTO query.current_consent (operator, subject, purpose, status, data_categories, recipients,
			  cross_border_countries, policy_version, granted_by_kind, granted_by_name, channel, language, granted_at,
			  expires_at)
			VALUES (?, ?, ?, 'active', ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (operator, subject, purpose) DO UPDATE SET status = 'active',
			  data_categories = EXCLUDED.data_categories, recipients = EXCLUDED.recipients,
			  cross_border_countries = EXCLUDED.cross_border_countries, policy_version = EXCLUDED.policy_version,
			  granted_by_kind = EXCLUDED.granted_by_kind, granted_by_name = EXCLUDED.granted_by_name,
			  channel = EXCLUDED.channel, language = EXCLUDED.language, granted_at = EXCLUDED.granted_at,
			  expires_at = EXCLUDED.expires_at, withdrawn_at = NULL, withdrawal_channel = NULL, stop_due_by = NULL,
			  pending_refusal = NULL""";

	private static final String TOUCH_SUBJECT = """
			INSERT INTO query.subject (operator, subject, first_received_at, last_received_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (operator, subject) DO UPDATE SET last_received_at = EXCLUDED.last_received_at""";

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	CurrentConsentProjection(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	@EventHandler
	void on(ConsentGranted event) {
		touch(event.operator(), event.subject(), event.provenance());
		for (String purpose : event.purposes()) {
			this.jdbc.update(UPSERT_CONSENT, event.operator(), event.subject(), purpose,
					this.json.writeValueAsString(event.dataCategories()),
					this.json.writeValueAsString(event.recipients()),
					this.json.writeValueAsString(event.crossBorderCountries()), event.policyVersion(),
					event.grantedBy().kind(), event.grantedBy().name(), event.channel(), event.language(),
					timestamp(event.provenance().occurredAt()), timestamp(event.expiresAt()));
		}
	}

	@EventHandler
	void on(ConsentWithdrawn event) {
		touch(event.operator(), event.subject(), event.provenance());
		for (String purpose : event.purposes()) {
			this.jdbc.update("""
					UPDATE query.current_consent SET status = 'withdrawn', withdrawn_at = ?, withdrawal_channel = ?,
					  stop_due_by = ?, pending_refusal = NULL
					WHERE operator = ? AND subject = ? AND purpose = ?""", timestamp(event.provenance().occurredAt()),
					event.channel(), date(event.stopDueBy()), event.operator(), event.subject(), purpose);
		}
	}

	@EventHandler
	void on(ConsentWithdrawalRefused event) {
		touch(event.operator(), event.subject(), event.provenance());
		Map<String, Object> refusal = new LinkedHashMap<>();
		refusal.put("requestedAt", event.provenance().occurredAt());
		refusal.put("channel", event.channel());
		refusal.put("applicationRef", event.applicationRef());
		refusal.put("reason", event.refusal().reason());
		refusal.put("detail", event.refusal().detail());
		refusal.put("reference", event.refusal().reference());
		for (String purpose : event.purposes()) {
			this.jdbc.update("""
					UPDATE query.current_consent SET pending_refusal = ?::jsonb
					WHERE operator = ? AND subject = ? AND purpose = ? AND status = 'active'""",
					this.json.writeValueAsString(refusal), event.operator(), event.subject(), purpose);
		}
	}

	@EventHandler
	void on(PolicyAccepted event) {
		touch(event.operator(), event.subject(), event.provenance());
		this.jdbc.update("""
				UPDATE query.subject SET accepted_policy_version = ?, acceptance_mode = ?, acceptance_validity = ?,
				  accepted_at = ?
				WHERE operator = ? AND subject = ?""", event.policyVersion(), event.mode(), event.validity(),
				timestamp(event.provenance().occurredAt()), event.operator(), event.subject());
	}

	@EventHandler
	void on(DataShared event) {
		touch(event.operator(), event.subject(), event.provenance());
	}

	/**
	 * TRUNCATE fires no row trigger, so the dashboard's counters (kept by triggers on
	 * these tables and on the history) are emptied with them rather than counted down.
	 */
	@ResetHandler
	void reset() {
		this.jdbc.update(
				"TRUNCATE query.current_consent, query.subject, query.dashboard_counter, " + "query.dashboard_delta");
	}

	private void touch(String operator, String subject, Provenance provenance) {
		Timestamp received = timestamp(provenance.receivedAt());
		this.jdbc.update(TOUCH_SUBJECT, operator, subject, received, received);
	}

}
