package kz.consentledger.service.shard;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The shard map, checked at start: a service with a wrong map does not start. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ShardingProperties.class)
public class ShardConfiguration {

	@Bean
	Shards shards(ShardingProperties properties, @Value("${ledger.proof.origin}") String origin) {
		return new Shards(properties, origin);
	}

}
