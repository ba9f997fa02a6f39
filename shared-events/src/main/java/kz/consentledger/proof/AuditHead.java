package kz.consentledger.proof;

/**
 * The head of the access audit chain: how many records it holds and the chain hash of the
 * newest ({@link Hashes#GENESIS} when it holds none). A checkpoint commits to it.
 */
public record AuditHead(long count, byte[] hash) {

	public static final AuditHead EMPTY = new AuditHead(0, Hashes.GENESIS);

	public AuditHead {
		if (count < 0 || hash == null || hash.length != 32) {
			throw new IllegalArgumentException("an audit head has a count of at least 0 and a 32-byte hash");
		}
		hash = hash.clone();
	}

	@Override
	public byte[] hash() {
		return this.hash.clone();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof AuditHead head && head.count == this.count
				&& java.util.Arrays.equals(head.hash, this.hash);
	}

	@Override
	public int hashCode() {
		return Long.hashCode(this.count) * 31 + java.util.Arrays.hashCode(this.hash);
	}

	@Override
	public String toString() {
		return "AuditHead[count=" + this.count + ", hash=" + Hashes.hex(this.hash) + "]";
	}

}
