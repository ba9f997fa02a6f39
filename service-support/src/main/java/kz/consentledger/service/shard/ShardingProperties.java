package kz.consentledger.service.shard;

import java.net.URI;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sharding by operator ({@code ledger.sharding.*}). Unset, the ledger is one shard that
 * keeps every operator. Set, every instance of every shard is given the same map, and its
 * own shard's name.
 *
 * @param shard the shard this instance belongs to ({@code LEDGER_SHARD}); empty: not
 * sharded
 * @param shards every shard ({@code LEDGER_SHARDING_SHARDS_0_NAME}, …): its name, the
 * operators it keeps, and where its services answer
 */
@ConfigurationProperties("ledger.sharding")
public record ShardingProperties(@DefaultValue("") String shard, @DefaultValue List<Shard> shards) {

	/**
	 * @param name lower-case letters, digits and dashes; also the last segment of the
	 * shard's log origin
	 * @param operators the BINs it keeps, or {@code *}: every operator no other shard
	 * lists (exactly one shard has it)
	 * @param commandUrl where the shard's command service answers (ingestion, proofs)
	 * @param queryUrl where the shard's query service answers (reads)
	 */
	public record Shard(String name, @DefaultValue List<String> operators, URI commandUrl, URI queryUrl) {
	}

}
