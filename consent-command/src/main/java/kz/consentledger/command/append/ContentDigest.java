package kz.consentledger.command.append;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

import kz.consentledger.command.LedgerProperties;
import kz.consentledger.privacy.MasterKeyMac;
import kz.consentledger.proof.Hashes;
import org.springframework.stereotype.Component;

/**
 * The digest of a request's content that {@code ledger.ingested_event} keeps to tell a
 * redelivery from a conflicting reuse of its key: HMAC-SHA-256 under a secret derived
 * from the master key. A plain hash would outlive an erasure: every other input of it is
 * readable in the stored event, so a guessable sealed field (an IPv4 address, an
 * application reference) would fall to trying values against it (ADR 0025). Rows written
 * before V7 hold the plain SHA-256; a redelivery is compared against whichever digest its
 * row holds.
 */
@Component
public class ContentDigest {

	private final MasterKeyMac mac;

	ContentDigest(LedgerProperties properties) {
		this.mac = MasterKeyMac.derive(properties.privacy().masterKey(), "consent-ledger content digest v1");
	}

	/** The digest a new row records: one HMAC. */
	public Stored of(byte[] content) {
		return new Stored(Kind.HMAC_SHA256, Hashes.hex(this.mac.of(content)));
	}

	/** Whether {@code content} is what the row's digest was made of. */
	public boolean matches(Stored stored, byte[] content) {
		String hex = switch (stored.kind()) {
			case HMAC_SHA256 -> of(content).hex();
			case SHA256 -> Hashes.hex(Hashes.sha256(content));
		};
		return MessageDigest.isEqual(hex.getBytes(StandardCharsets.US_ASCII),
				stored.hex().getBytes(StandardCharsets.US_ASCII));
	}

	/** Which digest a row holds: its {@code content_digest_kind}. */
	public enum Kind {

		/** Plain SHA-256: the rows written before V7. */
		SHA256("sha256"),
		/** HMAC-SHA-256 under the master key's derived secret: every row since. */
		HMAC_SHA256("hmac-sha256");

		private final String column;

		Kind(String column) {
			this.column = column;
		}

		public String column() {
			return this.column;
		}

		static Kind of(String column) {
			return Arrays.stream(values())
				.filter((kind) -> kind.column.equals(column))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("unknown content_digest_kind " + column));
		}

	}

	/** A row's digest, in hex, and its kind. */
	public record Stored(Kind kind, String hex) {
	}

}
