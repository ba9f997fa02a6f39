package kz.consentledger.command.ingest;

import kz.consentledger.service.shard.ShardingProperties.Shard;

/** An event of an operator whose events another shard keeps: nothing was appended. */
class OtherShardException extends RuntimeException {

	private final transient Shard shard;

	OtherShardException(String operator, Shard shard) {
		super("operator " + operator + "'s events are kept by shard " + shard.name() + ": send them to its "
				+ "ingestion; nothing was appended");
		this.shard = shard;
	}

	Shard shard() {
		return this.shard;
	}

}
