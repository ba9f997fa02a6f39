package kz.consentledger.command.ingest;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import kz.consentledger.command.LedgerProperties;
import kz.consentledger.service.shard.Shards;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Which topics the ledger consumes, and which operator's events each accepts. Kafka
 * records do not say who produced them; the broker knows, and its ACLs decide who may
 * write to which topic. Binding each operator to a topic of its own turns that decision
 * into "who may publish for which operator": an event on another operator's topic is
 * refused (dead-lettered, never appended).
 *
 * <p>
 * In a sharded ledger each shard consumes the topics of the operators it keeps; the shard
 * that takes every unlisted operator also consumes the shared topic, and refuses there
 * the events of operators another shard keeps, naming their own topic.
 */
@Component
public class IngestTopics {

	private final String sharedTopic;

	private final String operatorPrefix;

	private final List<String> sharedTopicOperators;

	private final Shards shards;

	private final String group;

	IngestTopics(LedgerProperties properties, Shards shards, KafkaProperties kafka) {
		this.shards = shards;
		this.group = kafka.getConsumer().getGroupId();
		this.sharedTopic = properties.kafka().topic();
		this.operatorPrefix = properties.kafka().operatorTopicPrefix();
		this.sharedTopicOperators = properties.kafka().sharedTopicOperators().stream().map(String::strip).toList();
	}

	/**
	 * The shared topic and every operator's topic; in a shard, the topics of the
	 * operators it keeps (and the shared topic if it takes every unlisted operator).
	 */
	public String pattern() {
		String shared = Pattern.quote(this.sharedTopic);
		String operators = Pattern.quote(this.operatorPrefix);
		if (!this.shards.sharded()) {
			return shared + "|" + operators + "\\d{12}";
		}
		if (this.shards.takesTheRest()) {
			List<String> elsewhere = this.shards.listedElsewhere();
			return shared + "|" + operators
					+ (elsewhere.isEmpty() ? "" : "(?!(?:" + String.join("|", elsewhere) + ")$)") + "\\d{12}";
		}
		return operators + "(?:" + String.join("|", this.shards.listedHere()) + ")";
	}

	/**
	 * The consumer group: {@code spring.kafka.consumer.group-id}, followed in a shard by
	 * {@code -<shard>}, so that shards share no group (a restart of one would otherwise
	 * rebalance every shard's consumers).
	 */
	public String group() {
		return this.group + this.shards.self().map((shard) -> "-" + shard.name()).orElse("");
	}

	/** Why {@code topic} may not carry an event of {@code operator}, if it may not. */
	Optional<String> refusal(String topic, String operator) {
		// Whatever the topic: a pattern that ever let another shard's topic through is
		// refused here as forbidden, not left to the appender's last guard.
		if (!this.shards.keeps(operator)) {
			return Optional.of("operator " + operator + "'s events are kept by shard "
					+ this.shards.ownerOf(operator).orElseThrow().name() + ": publish them on " + this.operatorPrefix
					+ operator);
		}
		if (topic.startsWith(this.operatorPrefix)) {
			String owner = topic.substring(this.operatorPrefix.length());
			return owner.equals(operator) ? Optional.empty()
					: Optional.of("topic " + topic + " carries events of operator " + owner + " only, this one is for "
							+ operator + ": publish it on " + this.operatorPrefix + operator);
		}
		if (this.sharedTopicOperators.contains("*") || this.sharedTopicOperators.contains(operator)) {
			return Optional.empty();
		}
		return Optional.of("the shared topic " + topic + " does not accept events of operator " + operator
				+ ": publish them on " + this.operatorPrefix + operator);
	}

}
