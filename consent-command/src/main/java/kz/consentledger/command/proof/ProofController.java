package kz.consentledger.command.proof;

import java.util.Base64;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import kz.consentledger.proof.Checkpoint;
import kz.consentledger.proof.SigningKey;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import static org.springframework.http.HttpStatus.BAD_REQUEST;
import static org.springframework.http.HttpStatus.NOT_FOUND;

/**
 * The ledger's public key and signed checkpoints (to publish), sealing and verification.
 */
@RestController
class ProofController {

	private final JdbcTemplate jdbc;

	private final SigningKey key;

	private final CheckpointSealer sealer;

	private final LedgerVerification verification;

	ProofController(JdbcTemplate jdbc, SigningKey key, CheckpointSealer sealer, LedgerVerification verification) {
		this.jdbc = jdbc;
		this.key = key;
		this.sealer = sealer;
		this.verification = verification;
	}

	@Operation(summary = "The ledger's Ed25519 public key (PEM, SubjectPublicKeyInfo)")
	@GetMapping(path = "/api/v1/ledger/public-key", produces = "application/x-pem-file")
	String publicKey() {
		return this.key.publicKeyPem();
	}

	@Operation(summary = "Signed checkpoints, newest first")
	@GetMapping("/api/v1/ledger/checkpoints")
	List<CheckpointView> checkpoints(@RequestParam(defaultValue = "100") int limit,
			@RequestParam(required = false) Long before) {
		if (limit < 1 || limit > 1000) {
			throw new ResponseStatusException(BAD_REQUEST, "limit must be between 1 and 1000");
		}
		return this.jdbc.query("SELECT * FROM ledger.checkpoint WHERE number < ? ORDER BY number DESC LIMIT ?",
				(row, n) -> CheckpointView.of(Checkpoint.fromRow(row), row.getBytes("signature")),
				(before != null) ? before : Long.MAX_VALUE, limit);
	}

	@Operation(summary = "One signed checkpoint")
	@GetMapping("/api/v1/ledger/checkpoints/{number}")
	CheckpointView checkpoint(@PathVariable long number) {
		return this.jdbc
			.query("SELECT * FROM ledger.checkpoint WHERE number = ?",
					(row, n) -> CheckpointView.of(Checkpoint.fromRow(row), row.getBytes("signature")), number)
			.stream()
			.findFirst()
			.orElseThrow(() -> new ResponseStatusException(NOT_FOUND, "there is no checkpoint " + number));
	}

	@Operation(summary = "Seal every chained but unsealed event into checkpoints now")
	@PostMapping("/api/v1/admin/checkpoints")
	List<CheckpointView> seal() {
		return this.sealer.sealAll().stream().map((checkpoint) -> checkpoint(checkpoint.number())).toList();
	}

	@Operation(summary = "Verify every stored event against the hash chains and the signed checkpoints")
	@PostMapping(path = "/api/v1/admin/verification", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<VerificationReport> verify() {
		return ResponseEntity.ok(this.verification.verify());
	}

	/**
	 * A checkpoint as published: its fields, the exact signed statement (RFC 8785 JSON)
	 * and the Ed25519 signature over it in base64.
	 */
	record CheckpointView(long number, long firstPosition, long lastPosition, long size, String merkleRoot,
			String ledgerHash, String previousStatementHash, String sealedAt, String keyId, String statement,
			String signature) {

		static CheckpointView of(Checkpoint c, byte[] signature) {
			return new CheckpointView(c.number(), c.firstPosition(), c.lastPosition(), c.size(), c.merkleRoot(),
					c.ledgerHash(), c.previousStatementHash(), c.sealedAt(), c.keyId(),
					new String(c.statement(), java.nio.charset.StandardCharsets.UTF_8),
					Base64.getEncoder().encodeToString(signature));
		}

	}

}
