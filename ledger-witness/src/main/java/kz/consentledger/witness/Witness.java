package kz.consentledger.witness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import kz.consentledger.proof.MerkleTree;
import kz.consentledger.proof.note.NoteSigner;
import kz.consentledger.proof.note.NoteVerifier;
import kz.consentledger.proof.note.SignatureLine;
import kz.consentledger.proof.note.SignedNote;
import kz.consentledger.proof.note.TreeHead;

/**
 * The checks of c2sp.org/tlog-witness add-checkpoint, in its order, and the cosignature.
 * Checking against the latest cosigned checkpoint and persisting the new one happen under
 * the origin's lock, so two requests cannot roll the witness back (the race the
 * specification describes).
 */
final class Witness {

	private final NoteSigner signer;

	private final Map<String, List<NoteVerifier>> logs = new HashMap<>();

	private final Map<String, Object> locks = new HashMap<>();

	private final WitnessState state;

	private final Clock clock;

	Witness(NoteSigner signer, List<NoteVerifier> logKeys, WitnessState state, Clock clock) {
		this.signer = signer;
		this.state = state;
		this.clock = clock;
		for (NoteVerifier key : logKeys) {
			if (key.algorithm() != NoteVerifier.ED25519) {
				throw new IllegalArgumentException("a log key is a note-signature (0x01) vkey: " + key.vkey());
			}
			// the origin is the log key's name (tlog-checkpoint: the key name should
			// match it)
			this.logs.computeIfAbsent(key.name(), (origin) -> new ArrayList<>()).add(key);
			this.locks.putIfAbsent(key.name(), new Object());
		}
	}

	NoteVerifier verifier() {
		return this.signer.verifier();
	}

	/** The latest cosigned checkpoint of {@code origin}, with its cosignature. */
	Optional<SignedNote> latest(String origin) {
		return this.state.latest(origin);
	}

	Answer addCheckpoint(byte[] body) {
		CheckpointRequest request;
		try {
			request = CheckpointRequest.parse(body);
		}
		catch (IllegalArgumentException ex) {
			return Answer.text(400, ex.getMessage());
		}
		TreeHead head = request.head();
		List<NoteVerifier> keys = this.logs.get(head.origin());
		if (keys == null) {
			return Answer.text(404, "unknown log origin " + head.origin());
		}
		if (!signedByTheLog(request.checkpoint(), keys)) {
			return Answer.text(403, "no signature by a trusted key of " + head.origin() + " verifies");
		}
		if (request.oldSize() > head.size()) {
			return refused(400, "old size " + request.oldSize() + " is larger than the checkpoint's " + head.size(),
					body);
		}
		synchronized (this.locks.get(head.origin())) {
			Optional<SignedNote> latest = this.state.latest(head.origin());
			long latestSize = latest.map((note) -> TreeHead.parse(note.body()).size()).orElse(0L);
			if (request.oldSize() != latestSize) {
				return new Answer(409, "text/x.tlog.size", latestSize + "\n");
			}
			Answer inconsistent = latest.map((note) -> inconsistency(request, note, body)).orElse(null);
			if (inconsistent != null) {
				return inconsistent;
			}
			if (latest.isEmpty() && !request.proof().isEmpty()) {
				return refused(422, "a consistency proof from the empty tree is empty", body);
			}
			SignatureLine cosignature = this.signer.sign(head.body(), this.clock.instant().getEpochSecond());
			try {
				this.state.record(head.origin(), request.checkpoint().plus(List.of(cosignature)));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot persist the cosigned checkpoint: nothing was cosigned", ex);
			}
			return new Answer(200, Answer.TEXT, cosignature.line() + "\n");
		}
	}

	/**
	 * The refusal when the checkpoint does not extend the latest cosigned one, else null.
	 */
	private Answer inconsistency(CheckpointRequest request, SignedNote latest, byte[] body) {
		TreeHead previous = TreeHead.parse(latest.body());
		TreeHead head = request.head();
		if (previous.size() == head.size()) {
			// extension lines are cosigned too: the whole body must be the one cosigned
			if (!Arrays.equals(previous.root(), head.root()) || !previous.body().equals(head.body())) {
				return refused(409, "a different checkpoint of " + head.size() + " leaves was cosigned", body);
			}
			return request.proof().isEmpty() ? null
					: refused(422, "a consistency proof between equal trees is empty", body);
		}
		if (!MerkleTree.verifyConsistency(previous.size(), head.size(), previous.root(), head.root(),
				request.proof())) {
			return refused(422,
					"the consistency proof from " + previous.size() + " to " + head.size() + " leaves does not verify",
					body);
		}
		return null;
	}

	private static boolean signedByTheLog(SignedNote checkpoint, List<NoteVerifier> keys) {
		try {
			for (NoteVerifier key : keys) {
				if (!checkpoint.verifiedBy(key).isEmpty()) {
					return true;
				}
			}
			return false;
		}
		catch (IllegalArgumentException badSignatureOfATrustedKey) {
			return false;
		}
	}

	private Answer refused(int status, String reason, byte[] body) {
		try {
			this.state.evidence(status, reason, body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot keep the evidence of a refused checkpoint", ex);
		}
		return Answer.text(status, reason);
	}

}
