package kz.consentledger.command.store;

import java.util.List;

import kz.consentledger.service.shard.Shards;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Refuses to start a shard whose store holds events of an operator the map gives to
 * another shard (ADR 0029): an operator listed on a new shard after this one had taken
 * its events would have its history split between two chains, its reads sent where half
 * of it is missing and its erasures done where its keys are not. An operator cannot move
 * between shards; the map must be put back.
 */
@Component
class KeptOperators {

	/**
	 * The stored operators, one index probe each: every stream begins with its operator's
	 * 12-digit BIN, so the next operator's streams begin at the next BIN or after it
	 * whatever the collation.
	 */
	private static final String STORED = """
			WITH RECURSIVE stored (operator) AS (
			  (SELECT left(aggregate_identifier, 12) FROM ledger.domain_event_entry
			   ORDER BY aggregate_identifier LIMIT 1)
			  UNION ALL
			  SELECT (SELECT left(e.aggregate_identifier, 12) FROM ledger.domain_event_entry e
			    WHERE e.aggregate_identifier >= lpad((s.operator::bigint + 1)::text, 12, '0')
			    ORDER BY e.aggregate_identifier LIMIT 1)
			  FROM stored s WHERE s.operator ~ '^[0-9]{12}$' AND s.operator < '999999999999')
			SELECT operator FROM stored WHERE operator IS NOT NULL""";

	private static final int NAMED = 10;

	KeptOperators(JdbcTemplate jdbc, Shards shards) {
		if (!shards.sharded()) {
			return;
		}
		List<String> elsewhere = jdbc.queryForList(STORED, String.class)
			.stream()
			.filter((operator) -> operator.matches("[0-9]{12}") && !shards.keeps(operator))
			.toList();
		if (!elsewhere.isEmpty()) {
			throw new IllegalStateException("this shard's store holds events of " + elsewhere.size()
					+ " operator(s) the map gives to other shards: "
					+ String.join(", ", elsewhere.stream()
						.limit(NAMED)
						.map((operator) -> operator + " (to " + shards.ownerOf(operator).orElseThrow().name() + ")")
						.toList())
					+ ". An operator cannot move between shards (ADR 0029): list each where its events are");
		}
	}

}
