package kz.consentledger.witness;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import kz.consentledger.proof.note.SignedNote;
import kz.consentledger.proof.note.TreeHead;

/**
 * The body of a tlog-witness add-checkpoint request: {@code old <size>}, up to 63
 * consistency proof hashes in base64, a blank line, then the signed checkpoint.
 */
record CheckpointRequest(long oldSize, List<byte[]> proof, SignedNote checkpoint, TreeHead head) {

	static final int MAX_PROOF_LINES = 63;

	private static final Pattern OLD = Pattern.compile("old (0|[1-9][0-9]{0,18})");

	/**
	 * @throws IllegalArgumentException naming what is malformed (a 400)
	 */
	static CheckpointRequest parse(byte[] body) {
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new IllegalArgumentException("the request is not valid UTF-8");
		}
		int end = text.indexOf('\n');
		Matcher old = OLD.matcher(end < 0 ? text : text.substring(0, end));
		if (end < 0 || !old.matches()) {
			throw new IllegalArgumentException("the request does not start with an \"old <size>\" line");
		}
		long oldSize;
		try {
			oldSize = Long.parseLong(old.group(1));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("the old size is too large");
		}
		List<byte[]> proof = new ArrayList<>();
		int from = end + 1;
		while (true) {
			int next = text.indexOf('\n', from);
			if (next < 0) {
				throw new IllegalArgumentException("the request has no blank line before its checkpoint");
			}
			if (next == from) {
				break;
			}
			if (proof.size() == MAX_PROOF_LINES) {
				throw new IllegalArgumentException("more than " + MAX_PROOF_LINES + " consistency proof lines");
			}
			proof.add(hash(text.substring(from, next), proof.size() + 1));
			from = next + 1;
		}
		SignedNote checkpoint = SignedNote.parse(text.substring(from + 1));
		return new CheckpointRequest(oldSize, List.copyOf(proof), checkpoint, TreeHead.parse(checkpoint.body()));
	}

	private static byte[] hash(String line, int number) {
		byte[] hash;
		try {
			hash = Base64.getDecoder().decode(line);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("consistency proof line " + number + " is not base64");
		}
		if (hash.length != 32 || !Base64.getEncoder().encodeToString(hash).equals(line)) {
			throw new IllegalArgumentException("consistency proof line " + number + " is not a base64 SHA-256 hash");
		}
		return hash;
	}

}
