package kz.consentledger.query.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import kz.consentledger.proof.Hashes;
import kz.consentledger.query.shard.ShardFanOut;
import kz.consentledger.query.store.Sql;
import org.springframework.format.annotation.DateTimeFormat;
import kz.consentledger.service.security.OperatorScope;
import kz.consentledger.service.security.Role;
import kz.consentledger.query.api.Csv;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Export of the access audit trail in chain order, as JSON or CSV, with each record's
 * place, outcome and hashes (hex); exporting it is itself recorded.
 */
@RestController
class AuditController {

	private static final int MAX_ROWS = 100_000;

	private final JdbcTemplate jdbc;

	private final AccessAudit audit;

	private final ShardFanOut shards;

	AuditController(JdbcTemplate jdbc, AccessAudit audit, ShardFanOut shards) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.shards = shards;
	}

	@Operation(summary = "Who read which subject's data, when and why (filters optional; up to 100,000 rows per shard)")
	@GetMapping(path = "/api/v1/audit/accesses", produces = { MediaType.APPLICATION_JSON_VALUE, "text/csv" })
	ResponseEntity<?> accesses(HttpServletRequest request, HttpServletResponse response,
			@RequestParam(required = false) String operator, @RequestParam(required = false) String subject,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
			@RequestParam(defaultValue = "json") String format, Authentication account) {
		boolean inScope = (operator != null) ? OperatorScope.may(account, Role.REGULATOR, operator)
				: OperatorScope.mayForAll(account, Role.REGULATOR);
		if (!inScope) {
			throw new AccessDeniedException("account '" + account.getName() + "' is a regulator of "
					+ OperatorScope.operators(account) + " only: name one of them in the operator parameter");
		}
		boolean csv = Csv.requested(format);
		this.audit.recordWithReason(request, "audit-export", operator, subject);
		StringBuilder where = new StringBuilder("TRUE");
		List<Object> args = new ArrayList<>();
		if (operator != null) {
			where.append(" AND operator = ?");
			args.add(operator);
		}
		if (subject != null) {
			where.append(" AND subject = ?");
			args.add(subject);
		}
		if (from != null) {
			where.append(" AND accessed_at >= ?");
			args.add(Sql.timestamp(from));
		}
		if (to != null) {
			where.append(" AND accessed_at < ?");
			args.add(Sql.timestamp(to));
		}
		args.add(MAX_ROWS);
		List<AccessRecord> records = this.jdbc.query(
				"SELECT * FROM query.access_audit WHERE " + where + " ORDER BY sequence LIMIT ?",
				(row, n) -> new AccessRecord(row.getLong("id"), row.getLong("sequence"),
						Sql.instant(row, "accessed_at"), row.getString("actor"), row.getString("remote_addr"),
						row.getString("action"), row.getString("operator"), row.getString("subject"),
						row.getString("reason"), row.getString("request"), row.getString("outcome"),
						Hashes.hex(row.getBytes("entry_hash")), Hashes.hex(row.getBytes("chain_hash")), null),
				args.toArray());
		// Every operator's accesses of a sharded ledger: each shard's chain, each record
		// marked with its shard (ids, sequences and hashes are that shard's chain's).
		String self = this.shards.self();
		boolean everyShard = operator == null && this.shards.applies(request);
		if (self != null) {
			List<AccessRecord> all = new ArrayList<>(records.stream().map((r) -> r.of(self)).toList());
			if (everyShard) {
				this.shards.fromOthers(request, AccessRecord[].class).forEach((shard, part) -> part.forEach((r) -> {
					if (!shard.equals(r.shard())) {
						// An address that leads to another shard (a shared ingress, a
						// wrong map)
						// would pass its records off as this one's.
						throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, "the address of shard " + shard
								+ " answered for shard " + r.shard() + ": check the shard map");
					}
					all.add(r);
				}));
			}
			records = all;
		}
		this.shards.cover(response, everyShard || operator != null);
		if (!csv) {
			return ResponseEntity.ok(records);
		}
		List<List<Object>> rows = new ArrayList<>();
		for (AccessRecord r : records) {
			List<Object> row = new ArrayList<>(java.util.Arrays.asList(r.id(), r.accessedAt(), r.actor(),
					r.remoteAddr(), r.action(), r.operator(), r.subject(), r.reason(), r.request(), r.sequence(),
					r.outcome(), r.entryHash(), r.chainHash()));
			if (self != null) {
				row.add(r.shard());
			}
			rows.add(row);
		}
		// The chain's columns come last: the earlier ones keep their places.
		List<String> columns = new ArrayList<>(List.of("id", "accessed_at", "actor", "remote_addr", "action",
				"operator", "subject", "reason", "request", "sequence", "outcome", "entry_hash", "chain_hash"));
		if (self != null) {
			columns.add("shard");
		}
		return Csv.download("access-audit.csv", Csv.of(columns, rows));
	}

	/** One recorded access; in a sharded ledger, with the shard whose chain holds it. */
	record AccessRecord(long id, long sequence, Instant accessedAt, String actor, String remoteAddr, String action,
			String operator, String subject, String reason, String request, String outcome, String entryHash,
			String chainHash, @JsonInclude(JsonInclude.Include.NON_NULL) String shard) {

		AccessRecord of(String kept) {
			return new AccessRecord(this.id, this.sequence, this.accessedAt, this.actor, this.remoteAddr, this.action,
					this.operator, this.subject, this.reason, this.request, this.outcome, this.entryHash,
					this.chainHash, kept);
		}

	}

}
