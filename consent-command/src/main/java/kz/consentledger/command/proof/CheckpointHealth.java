package kz.consentledger.command.proof;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code checkpoints} health: DOWN while sealing fails (the store no longer gives its
 * newest checkpoint) or a witness does not cosign (unreachable, refusing, or holding a
 * larger tree than the store), or the top-level checkpoint of a sharded ledger cannot be
 * sealed (a shard unreachable, or its head not one the last top-level checkpoint allows).
 * Not part of readiness: ingestion goes on, the gap in proofs is what must be seen.
 */
@Component("checkpoints")
class CheckpointHealth implements HealthIndicator {

	private final CheckpointSealer sealer;

	private final WitnessCosigning witnesses;

	private final TopLevelSealer topLevel;

	CheckpointHealth(CheckpointSealer sealer, WitnessCosigning witnesses, TopLevelSealer topLevel) {
		this.topLevel = topLevel;
		this.sealer = sealer;
		this.witnesses = witnesses;
	}

	@Override
	public Health health() {
		Map<String, Object> details = new LinkedHashMap<>();
		String failure = this.sealer.failure();
		if (failure != null) {
			details.put("sealing", failure);
		}
		String topLevelFailure = this.topLevel.failure();
		if (topLevelFailure != null) {
			details.put("topLevel", topLevelFailure);
		}
		Map<String, String> problems = this.witnesses.problems();
		if (!problems.isEmpty()) {
			details.put("witnesses", problems);
		}
		return details.isEmpty() ? Health.up().build() : Health.down().withDetails(details).build();
	}

}
