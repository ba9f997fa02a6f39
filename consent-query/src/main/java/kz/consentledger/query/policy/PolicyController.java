package kz.consentledger.query.policy;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import kz.consentledger.query.api.NotFoundException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An operator's policy versions, newest effective first. */
@RestController
class PolicyController {

	private static final String SELECT = "SELECT details FROM query.policy_version WHERE operator = ?";

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	PolicyController(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	@Operation(summary = "An operator's published policy versions")
	@GetMapping("/api/v1/operators/{operator}/policies")
	List<JsonNode> policies(@PathVariable String operator) {
		List<JsonNode> versions = this.jdbc.query(SELECT + " ORDER BY effective_at DESC",
				(row, n) -> this.json.readTree(row.getString(1)), operator);
		if (versions.isEmpty()) {
			throw new NotFoundException("operator", "operator " + operator + " has published no policy");
		}
		return versions;
	}

	@Operation(summary = "One policy version of an operator")
	@GetMapping("/api/v1/operators/{operator}/policies/{version}")
	JsonNode policy(@PathVariable String operator, @PathVariable String version) {
		return this.jdbc
			.query(SELECT + " AND version = ?", (row, n) -> this.json.readTree(row.getString(1)), operator, version)
			.stream()
			.findFirst()
			.orElseThrow(() -> new NotFoundException("policy version",
					"operator " + operator + " has not published policy version " + version));
	}

}
