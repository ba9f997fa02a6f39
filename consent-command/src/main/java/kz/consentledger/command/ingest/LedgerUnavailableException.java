package kz.consentledger.command.ingest;

/**
 * The database cannot take the append now (an outage, or writers racing for the same
 * stream longer than the appender retries): nothing was appended, and the request may be
 * sent again (HTTP 503 with Retry-After).
 */
public class LedgerUnavailableException extends RuntimeException {

	public LedgerUnavailableException(RuntimeException cause) {
		super("the ledger's database cannot take the events now; nothing was appended: send the request again", cause);
	}

}
