package kz.consentledger.proof;

import java.util.Base64;
import java.util.List;

import kz.consentledger.proof.note.TreeHead;

/**
 * What a ledger checkpoint says: the c2sp.org/tlog-checkpoint origin, tree size and root
 * over every ledger position, and two extension lines, {@code heads <base64 root>} (the
 * {@link StreamHeads} at that size) and {@code audit <count> <base64 head>} (the access
 * audit chain's first {@code count} records). Witnesses check the first three lines; the
 * ledger's whole-store verification recomputes the other two (ADR 0024).
 */
public record LedgerCheckpoint(String origin, long size, byte[] root, byte[] headsRoot, long auditCount,
		byte[] auditHead) {

	private static final Base64.Encoder BASE64 = Base64.getEncoder();

	public TreeHead treeHead() {
		return new TreeHead(this.origin, this.size, this.root, List.of("heads " + BASE64.encodeToString(this.headsRoot),
				"audit " + this.auditCount + " " + BASE64.encodeToString(this.auditHead)));
	}

	public String body() {
		return treeHead().body();
	}

	/** The claims of a checkpoint body; IllegalArgumentException names what is wrong. */
	public static LedgerCheckpoint parse(String body) {
		TreeHead head = TreeHead.parse(body);
		List<String> extensions = head.extensions();
		if (extensions.size() != 2 || !extensions.get(0).startsWith("heads ")
				|| !extensions.get(1).startsWith("audit ")) {
			throw new IllegalArgumentException(
					"a ledger checkpoint has the extension lines \"heads ROOT\" and \"audit COUNT HEAD\", not "
							+ extensions);
		}
		byte[] heads = hash(extensions.get(0).substring(6), "heads");
		String[] audit = extensions.get(1).substring(6).split(" ", -1);
		if (audit.length != 2 || !audit[0].matches("0|[1-9][0-9]{0,18}")) {
			throw new IllegalArgumentException("the audit line is \"audit COUNT HEAD\": " + extensions.get(1));
		}
		return new LedgerCheckpoint(head.origin(), head.size(), head.root(), heads, Long.parseLong(audit[0]),
				hash(audit[1], "audit"));
	}

	private static byte[] hash(String base64, String line) {
		try {
			byte[] hash = Base64.getDecoder().decode(base64);
			if (hash.length == 32 && BASE64.encodeToString(hash).equals(base64)) {
				return hash;
			}
		}
		catch (IllegalArgumentException ex) {
			// named below
		}
		throw new IllegalArgumentException("the " + line + " line does not hold a base64 SHA-256 hash: " + base64);
	}

}
