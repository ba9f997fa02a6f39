package kz.consentledger.command.ingest;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

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
		return topics(shard, shard.isEmpty() ? List.of() : MAP);
	}

	private static IngestTopics topics(String shard, List<Shard> map) {
		LedgerProperties properties = new LedgerProperties(
				new LedgerProperties.Kafka(SHARED, SHARED + ".dlt", 6, PREFIX, List.of("*")), null, null, null, null);
		String origin = "consent-ledger.local/ledger" + (shard.isEmpty() ? "" : "/" + shard);
		KafkaProperties kafka = new KafkaProperties();
		kafka.getConsumer().setGroupId("consent-ledger");
		return new IngestTopics(properties, new Shards(new ShardingProperties(shard, map), origin), kafka);
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

	/**
	 * Over random maps (two to five shards, BINs spread over them, one taking the rest),
	 * every operator topic is consumed by exactly the shard the rule gives its operator,
	 * and the shared topic by the shard taking the rest alone.
	 */
	@Test
	void overRandomMapsEveryTopicIsConsumedByItsOperatorsShardAlone() {
		Random random = new Random(29);
		for (int round = 0; round < 200; round++) {
			int count = 2 + random.nextInt(4);
			List<String> bins = IntStream.range(0, 1 + random.nextInt(8))
				.mapToObj((i) -> String.format("%012d", Math.floorMod(random.nextLong(), 1_000_000_000_000L)))
				.distinct()
				.toList();
			int rest = random.nextInt(count);
			List<Shard> map = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				int shard = i;
				List<String> operators = new ArrayList<>(
						bins.stream().filter((bin) -> Math.floorMod(bin.hashCode(), count) == shard).toList());
				if (shard == rest) {
					operators.add(random.nextBoolean() ? 0 : operators.size(), "*");
				}
				if (operators.isEmpty()) {
					operators.add(String.format("%012d", 999_999_999_000L + shard));
				}
				map.add(new Shard("s" + shard, operators, URI.create("http://s" + shard + ":8081"),
						URI.create("http://s" + shard + ":8082")));
			}
			List<IngestTopics> shards = map.stream().map((shard) -> topics(shard.name(), map)).toList();
			Shards rule = new Shards(new ShardingProperties("s0", map), "consent-ledger.local/ledger/s0");
			List<String> operators = new ArrayList<>(bins);
			operators.add("000000000007");
			operators.add(String.format("%012d", Math.floorMod(random.nextLong(), 1_000_000_000_000L)));
			for (String operator : operators) {
				String owner = rule.ownerOf(operator).orElseThrow().name();
				List<String> consumers = IntStream.range(0, count)
					.filter((i) -> consumes(shards.get(i), PREFIX + operator))
					.mapToObj((i) -> map.get(i).name())
					.toList();
				assertThat(consumers).as("round %d, operator %s", round, operator).containsExactly(owner);
			}
			List<String> sharedConsumers = IntStream.range(0, count)
				.filter((i) -> consumes(shards.get(i), SHARED))
				.mapToObj((i) -> map.get(i).name())
				.toList();
			assertThat(sharedConsumers).containsExactly("s" + rest);
		}
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
		assertThat(topics("kz-b").refusal(PREFIX + "000000000001", "000000000002")).hasValueSatisfying(
				(reason) -> assertThat(reason).contains("carries events of operator 000000000001 only"));
		assertThat(topics("kz-b").refusal(PREFIX + KINO, KINO))
			.as("an operator topic the pattern should have left to another shard")
			.hasValueSatisfying((reason) -> assertThat(reason).contains("kept by shard kz-a"));
	}

}
