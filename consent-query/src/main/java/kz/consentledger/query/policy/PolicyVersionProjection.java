package kz.consentledger.query.policy;

import java.util.ArrayList;
import java.util.List;

import kz.consentledger.events.PolicyVersionPublished;
import kz.consentledger.query.consent.CurrentConsentProjection;
import kz.consentledger.query.store.BatchWrites;
import kz.consentledger.query.store.ProjectionTables;
import kz.consentledger.query.store.RebuildableProjection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import static kz.consentledger.query.store.Sql.timestamp;

/**
 * Maintains {@code query.policy_version}; a re-publication of a version replaces it.
 * Publications are rare: each is one statement, in event order, written with the batch
 * ({@link BatchWrites}) like every other projection's rows.
 */
@Component
@ProcessingGroup(CurrentConsentProjection.GROUP)
class PolicyVersionProjection implements RebuildableProjection {

	private static final String UPSERT = """
			INSERT INTO query.policy_version (operator, version, effective_at, implicit_acceptance_days,
			  storage_country, retention_years, published_at, received_at, details)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
			ON CONFLICT (operator, version) DO UPDATE SET effective_at = EXCLUDED.effective_at,
			  implicit_acceptance_days = EXCLUDED.implicit_acceptance_days,
			  storage_country = EXCLUDED.storage_country, retention_years = EXCLUDED.retention_years,
			  published_at = EXCLUDED.published_at, received_at = EXCLUDED.received_at, details = EXCLUDED.details""";

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final ProjectionTables tables;

	private final String upsert;

	PolicyVersionProjection(JdbcTemplate jdbc, JsonMapper json, ProjectionTables tables) {
		this.jdbc = jdbc;
		this.json = json;
		this.tables = tables;
		this.upsert = tables.sql(UPSERT);
	}

	@Override
	public ProjectionTables tables() {
		return this.tables;
	}

	@Override
	public PolicyVersionProjection writingTo(ProjectionTables other) {
		return new PolicyVersionProjection(this.jdbc, this.json, other);
	}

	@EventHandler
	void on(PolicyVersionPublished event) {
		Object[] row = { event.operator(), event.version(), timestamp(event.effectiveAt()),
				event.implicitAcceptanceDays(), event.storageCountry(), event.retentionYearsAfterAgreementEnd(),
				timestamp(event.provenance().occurredAt()), timestamp(event.provenance().receivedAt()),
				this.json.writeValueAsString(event) };
		BatchWrites.apply(Publications.class, Publications::new, this::write,
				(publications) -> publications.rows().add(row));
	}

	private void write(Publications publications) {
		publications.rows().forEach((row) -> this.jdbc.update(this.upsert, row));
	}

	/** The publications of one batch, in ledger order. */
	private record Publications(List<Object[]> rows) {

		Publications() {
			this(new ArrayList<>());
		}

	}

}
