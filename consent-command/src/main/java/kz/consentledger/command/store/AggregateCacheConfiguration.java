package kz.consentledger.command.store;

import kz.consentledger.command.LedgerProperties;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.EhCache3Adapter;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.Ehcache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A bounded in-memory cache of consent aggregates (Zipf-active subjects come back batch
 * after batch; without it each command re-reads the subject's whole stream). Axon evicts
 * an entry when its unit of work rolls back, and a stale entry (another instance appended
 * to the stream over HTTP) fails on the store's unique (aggregate, sequence) key and is
 * evicted by the retry, so the cache never decides an outcome.
 */
@Configuration(proxyBeanMethods = false)
class AggregateCacheConfiguration {

	@Bean(destroyMethod = "close")
	CacheManager aggregateCacheManager() {
		return CacheManagerBuilder.newCacheManagerBuilder().build(true);
	}

	/**
	 * Ehcache's own cache manager creates {@link Ehcache} instances, which the adapter
	 * takes.
	 */
	@Bean
	Cache aggregateCache(CacheManager manager, LedgerProperties properties) {
		return new EhCache3Adapter((Ehcache<Object, Object>) manager.createCache("consent-aggregates",
				CacheConfigurationBuilder.newCacheConfigurationBuilder(Object.class, Object.class,
						ResourcePoolsBuilder.heap(properties.store().aggregateCacheEntries()))));
	}

}
