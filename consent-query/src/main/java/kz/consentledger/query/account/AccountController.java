package kz.consentledger.query.account;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import kz.consentledger.query.shard.ShardFanOut;
import kz.consentledger.service.security.OperatorScope;
import kz.consentledger.service.security.Role;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Who is signed in, and which operators they may open. */
@RestController
class AccountController {

	private final JdbcTemplate jdbc;

	private final ShardFanOut shards;

	AccountController(JdbcTemplate jdbc, ShardFanOut shards) {
		this.jdbc = jdbc;
		this.shards = shards;
	}

	@Operation(summary = "The signed-in account: name, roles, operators (and the CSRF token of a browser session)")
	@GetMapping("/api/v1/me")
	Me me(Authentication account, HttpServletRequest request) {
		CsrfToken csrf = (request.getSession(false) != null)
				? (CsrfToken) request.getAttribute(CsrfToken.class.getName()) : null;
		return new Me(account.getName(), OperatorScope.roles(account), OperatorScope.operators(account), (csrf != null)
				? Map.of("header", csrf.getHeaderName(), "parameter", csrf.getParameterName(), "token", csrf.getToken())
				: null);
	}

	@Operation(summary = "The operators this account may read, with their number of subjects")
	@GetMapping("/api/v1/operators")
	List<OperatorSummary> operators(Authentication account, HttpServletRequest request, HttpServletResponse response) {
		List<OperatorSummary> known = this.jdbc.query("""
				SELECT operator, coalesce(sum(n) FILTER (WHERE metric = 'subjects'), 0) AS subjects
				FROM (SELECT operator, metric, n FROM query.dashboard_total
				      UNION ALL SELECT DISTINCT operator, 'policy-version', 0 FROM query.policy_version) counted
				GROUP BY operator ORDER BY operator""",
				(row, i) -> new OperatorSummary(row.getString("operator"), row.getLong("subjects")));
		Set<String> readable = new TreeSet<>();
		for (OperatorSummary operator : known) {
			if (OperatorScope.may(account, Role.DPO, operator.operator())
					|| OperatorScope.may(account, Role.REGULATOR, operator.operator())) {
				readable.add(operator.operator());
			}
		}
		List<OperatorSummary> own = known.stream()
			.filter((operator) -> readable.contains(operator.operator()))
			.toList();
		// A sharded ledger's operators are in their shards, each listing its own. The
		// dashboard asks this at every start: a browser session, which cannot be
		// forwarded, gets this shard's operators, and the answer says which shards it
		// covers.
		boolean everyShard = this.shards.applies(request) && this.shards.forwardable(request);
		this.shards.cover(response, everyShard);
		if (!everyShard) {
			return own;
		}
		List<OperatorSummary> all = new ArrayList<>(own);
		this.shards.fromOthers(request, OperatorSummary[].class).forEach((shard, part) -> part.forEach((summary) -> {
			// An address that leads to another shard (a wrong map, a shared ingress)
			// would
			// answer for a shard it is not: its operators are not the asked shard's.
			String owner = this.shards.ownerOf(summary.operator());
			if (!shard.equals(owner)) {
				throw new ResponseStatusException(HttpStatus.BAD_GATEWAY,
						"the address of shard " + shard + " answered with operator " + summary.operator()
								+ ", which the map gives to shard " + owner + ": check the shard map");
			}
			all.add(summary);
		}));
		return all.stream().distinct().sorted(Comparator.comparing(OperatorSummary::operator)).toList();
	}

	/** The signed-in account. {@code csrf} is set for browser sessions only. */
	record Me(String name, Set<String> roles, Set<String> operators, Map<String, String> csrf) {
	}

	/** An operator and its number of subjects. */
	record OperatorSummary(String operator, long subjects) {
	}

}
