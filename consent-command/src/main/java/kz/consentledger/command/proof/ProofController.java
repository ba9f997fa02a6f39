package kz.consentledger.command.proof;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import kz.consentledger.command.LedgerProperties;
import kz.consentledger.proof.LedgerCheckpoint;
import kz.consentledger.proof.SigningKey;
import kz.consentledger.proof.note.SignedNote;
import kz.consentledger.service.proof.LedgerProofs;
import kz.consentledger.service.shard.ShardingProperties.Shard;
import kz.consentledger.service.shard.Shards;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import static org.springframework.http.HttpStatus.BAD_REQUEST;
import static org.springframework.http.HttpStatus.CONFLICT;
import static org.springframework.http.HttpStatus.NOT_FOUND;

/**
 * The ledger's keys and checkpoints (to publish), RFC 9162 proofs, sealing and
 * verification. Checkpoints are c2sp.org/tlog-checkpoint signed notes, served as text
 * with every cosignature the store holds.
 */
@RestController
class ProofController {

	private static final String NOTE = "text/plain; charset=utf-8";

	private final LedgerProofs proofs;

	private final SigningKey key;

	private final String origin;

	private final CheckpointSealer sealer;

	private final LedgerVerification verification;

	private final TopLevelSealer topLevel;

	private final Shards shards;

	ProofController(LedgerProofs proofs, SigningKey key, LedgerProperties properties, CheckpointSealer sealer,
			LedgerVerification verification, TopLevelSealer topLevel, Shards shards) {
		this.topLevel = topLevel;
		this.shards = shards;
		this.proofs = proofs;
		this.key = key;
		this.origin = properties.proof().origin();
		this.sealer = sealer;
		this.verification = verification;
	}

	@Operation(summary = "The ledger's Ed25519 public key (PEM, SubjectPublicKeyInfo)")
	@GetMapping(path = "/api/v1/ledger/public-key", produces = "application/x-pem-file")
	String publicKey() {
		return this.key.publicKeyPem();
	}

	@Operation(summary = "The ledger's verifier key (c2sp.org/signed-note vkey: origin, key id, Ed25519 key)")
	@GetMapping(path = "/api/v1/ledger/vkey", produces = NOTE)
	String vkey() {
		return this.key.noteSigner(this.origin).verifier().vkey() + "\n";
	}

	@Operation(summary = "The newest checkpoint: a c2sp.org/tlog-checkpoint signed note with its cosignatures")
	@GetMapping(path = "/api/v1/ledger/checkpoint", produces = NOTE)
	String newestCheckpoint() {
		return this.proofs.newestCheckpoint()
			.orElseThrow(() -> new ResponseStatusException(NOT_FOUND, "nothing has been sealed yet"))
			.text();
	}

	@Operation(summary = "The newest top-level checkpoint of a sharded ledger: every shard's head, signed at once")
	@GetMapping(path = "/api/v1/ledger/shards/checkpoint", produces = NOTE)
	String topLevelCheckpoint() {
		return this.topLevel.newest()
			.orElseThrow(() -> new ResponseStatusException(NOT_FOUND,
					"no top-level checkpoint: the ledger is not sharded, or this is not its first shard, "
							+ "or none has been sealed yet"))
			.text();
	}

	@Operation(summary = "The shard this service is, and the digest of the shard map it runs with (none: not sharded)")
	@GetMapping("/api/v1/ledger/shards/map")
	ShardMapView shardMap() {
		return new ShardMapView(this.shards.self().map(Shard::name).orElse(null),
				this.shards.sharded() ? Base64.getEncoder().encodeToString(this.shards.digest()) : null);
	}

	/** What the top-level sealer compares: every shard must run the same map. */
	record ShardMapView(String shard, String digest) {
	}

	@Operation(summary = "Seal the top-level checkpoint now (first shard of a sharded ledger): the newest note")
	@PostMapping(path = "/api/v1/admin/checkpoints/top-level", produces = NOTE)
	String sealTopLevel() {
		if (!this.shards.sealsTopLevel()) {
			throw new ResponseStatusException(NOT_FOUND, "only the first shard of a sharded ledger seals it");
		}
		try {
			this.topLevel.seal();
		}
		catch (IllegalStateException ex) {
			throw new ResponseStatusException(CONFLICT, ex.getMessage());
		}
		return topLevelCheckpoint();
	}

	@Operation(summary = "Checkpoints, newest first, each with its signed note and cosignatures")
	@GetMapping("/api/v1/ledger/checkpoints")
	List<CheckpointView> checkpoints(@RequestParam(defaultValue = "100") int limit,
			@RequestParam(required = false) Long before) {
		if (limit < 1 || limit > 1000) {
			throw new ResponseStatusException(BAD_REQUEST, "limit must be between 1 and 1000");
		}
		return this.proofs.sizes((before != null) ? before : Long.MAX_VALUE, limit)
			.stream()
			.map(this::checkpoint)
			.toList();
	}

	@Operation(summary = "The checkpoint of a tree size")
	@GetMapping("/api/v1/ledger/checkpoints/{size}")
	CheckpointView checkpoint(@PathVariable long size) {
		return this.proofs.checkpoint(size)
			.map(CheckpointView::of)
			.orElseThrow(
					() -> new ResponseStatusException(NOT_FOUND, "there is no checkpoint of " + size + " positions"));
	}

	@Operation(summary = "RFC 9162 inclusion proof of a ledger position in the tree of a checkpoint's size")
	@GetMapping("/api/v1/ledger/proofs/inclusion")
	InclusionProof inclusion(@RequestParam long position, @RequestParam long size) {
		requireCheckpoint(size);
		if (position < 0 || position >= size) {
			throw new ResponseStatusException(BAD_REQUEST, "position must be between 0 and " + (size - 1));
		}
		return new InclusionProof(position, size, base64(this.proofs.inclusionProof(position, size)));
	}

	@Operation(summary = "RFC 9162 consistency proof between the trees of two checkpoints' sizes")
	@GetMapping("/api/v1/ledger/proofs/consistency")
	ConsistencyProof consistency(@RequestParam long from, @RequestParam long to) {
		requireCheckpoint(to);
		if (from < 0 || from > to) {
			throw new ResponseStatusException(BAD_REQUEST, "from must be between 0 and " + to);
		}
		return new ConsistencyProof(from, to, base64(this.proofs.consistencyProof(from, to)));
	}

	@Operation(summary = "Seal every chained but unsealed event into checkpoints now, and ask the witnesses")
	@PostMapping("/api/v1/admin/checkpoints")
	List<CheckpointView> seal() {
		try {
			return this.sealer.sealAll()
				.stream()
				.map((note) -> checkpoint(LedgerCheckpoint.parse(note.body()).size()))
				.toList();
		}
		catch (IllegalStateException ex) {
			throw new ResponseStatusException(CONFLICT, ex.getMessage());
		}
	}

	@Operation(summary = "Verify every stored event against the configured keys and witnesses; the body may hold a "
			+ "checkpoint note the caller trusts (a regulator's copy), which the store must give or extend")
	@PostMapping(path = "/api/v1/admin/verification", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<VerificationReport> verify(@RequestBody(required = false) String trustedCheckpoint) {
		Optional<SignedNote> trusted = Optional.empty();
		if (trustedCheckpoint != null && !trustedCheckpoint.isBlank()) {
			try {
				trusted = Optional.of(SignedNote.parse(trustedCheckpoint));
			}
			catch (IllegalArgumentException ex) {
				throw new ResponseStatusException(BAD_REQUEST,
						"the trusted checkpoint is not a signed note: " + ex.getMessage());
			}
		}
		return ResponseEntity.ok(this.verification.verify(trusted));
	}

	private void requireCheckpoint(long size) {
		if (this.proofs.checkpoint(size).isEmpty()) {
			throw new ResponseStatusException(NOT_FOUND, "there is no checkpoint of " + size + " positions");
		}
	}

	private static List<String> base64(List<byte[]> hashes) {
		return hashes.stream().map(Base64.getEncoder()::encodeToString).toList();
	}

	/** A checkpoint as published: its size and the signed note with its cosignatures. */
	record CheckpointView(long size, String note) {

		static CheckpointView of(SignedNote note) {
			return new CheckpointView(LedgerCheckpoint.parse(note.body()).size(), note.text());
		}

	}

	/** The audit path of {@code position}, base64 hashes from the leaf's sibling up. */
	record InclusionProof(long position, long size, List<String> proof) {
	}

	/**
	 * The consistency proof from the tree of {@code from} positions to that of
	 * {@code to}.
	 */
	record ConsistencyProof(long from, long to, List<String> proof) {
	}

}
