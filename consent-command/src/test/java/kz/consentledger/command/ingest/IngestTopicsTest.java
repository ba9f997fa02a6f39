package kz.consentledger.command.ingest;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

import kz.consentledger.command.LedgerProperties;
import kz.consentledger.service.shard.Shards;
import kz.consentledger.service.shard.ShardingProperties;
import kz.consentledger.service.shard.ShardingProperties.Shard;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every topic is consumed by exactly one shard: the operator topics by the shard that
 * keeps the operator, the shared topic by the shard that takes every unlisted operator,
 * which refuses there the events of the others.
 */
class IngestTopicsTest {

	private static final String SHARED = "consent.events.v1";

	private static final String PREFIX = "consent.events.v1.operator.";

	private static final String KINO = "180440011034";

	private static final String BANK = "990340005977";

	private static final List<Shard> MAP = List.of(
			new Shard("kz-a", List.of(KINO, BANK), URI.create("http://a:8081"), URI.create("http://a:8082")),
			new Shard("kz-b", List.of("*"), URI.create("http://b:8081"), URI.create("http://b:8082")));

	private static IngestTopics topics(String shard) {
		LedgerProperties properties = new LedgerProperties(
				new LedgerProperties.Kafka(SHARED, SHARED + ".dlt", 6, PREFIX, List.of("*")), null, null, null, null);
		String origin = "consent-ledger.local/ledger" + (shard.isEmpty() ? "" : "/" + shard);
		KafkaProperties kafka = new KafkaProperties();
		kafka.getConsumer().setGroupId("consent-ledger");
		return new IngestTopics(properties,
				new Shards(new ShardingProperties(shard, shard.isEmpty() ? List.of() : MAP), origin), kafka);
	}

	private static boolean consumes(IngestTopics topics, String topic) {
		return Pattern.compile(topics.pattern()).matcher(topic).matches();
	}

	@Test
	void eachTopicIsConsumedByExactlyOneShard() {
		IngestTopics a = topics("kz-a");
		IngestTopics b = topics("kz-b");
		List<String> all = List.of(SHARED, PREFIX + KINO, PREFIX + BANK, PREFIX + "000000000001",
				PREFIX + "180440011035", PREFIX + KINO.substring(1) + "0");
		for (String topic : all) {
			assertThat(consumes(a, topic) ^ consumes(b, topic)).as(topic).isTrue();
			assertThat(consumes(topics(""), topic)).as(topic).isTrue();
		}
		assertThat(consumes(a, PREFIX + KINO)).isTrue();
		assertThat(consumes(b, SHARED)).isTrue();
		assertThat(consumes(b, PREFIX + "000000000001")).isTrue();
		assertThat(consumes(a, SHARED + ".dlt") || consumes(b, SHARED + ".dlt")).isFalse();
		assertThat(consumes(b, PREFIX + KINO + "1")).isFalse();
	}

	@Test
	void eachShardConsumesInAGroupOfItsOwn() {
		assertThat(topics("").group()).isEqualTo("consent-ledger");
		assertThat(topics("kz-a").group()).isEqualTo("consent-ledger-kz-a");
		assertThat(topics("kz-b").group()).isEqualTo("consent-ledger-kz-b");
	}

	@Test
	void theSharedTopicRefusesAnotherShardsOperatorNamingItsTopic() {
		assertThat(topics("kz-b").refusal(SHARED, KINO))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("kept by shard kz-a").contains(PREFIX + KINO));
		assertThat(topics("kz-b").refusal(SHARED, "000000000001")).isEmpty();
		assertThat(topics("").refusal(SHARED, KINO)).isEmpty();
		assertThat(topics("kz-b").refusal(PREFIX + "000000000001", KINO)).hasValueSatisfying(
				(reason) -> assertThat(reason).contains("carries events of operator 000000000001 only"));
	}

}
