package dev.cachette.loadtest;

import java.time.Duration;

import io.lettuce.core.RedisURI;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * What the harness compares Cachette with: Spring's {@code @Cacheable(sync = true)} on
 * Spring Data Redis's {@link RedisCacheManager}, through a real Spring proxy, the way an
 * application would write it. Spring leaves {@code sync = true} to the cache, and Spring
 * Data Redis 4's {@code RedisCache.get(key, loader)} hands it to its
 * {@link RedisCacheWriter}: the default writer of
 * {@code RedisCacheManager.builder(factory)} does not lock at all (read, load, write),
 * and {@link RedisCacheWriter#lockingRedisCacheWriter} locks the whole cache in Redis,
 * not the key. Both are measured.
 */
final class SpringCacheableTarget implements AutoCloseable {

	private final AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();

	private final HotValue hotValue;

	SpringCacheableTarget(String redisUrl, String prefix, Duration timeout, boolean locking, SlowQuery query) {
		// The query travels in the settings: as a bean of its own, the context would
		// close it.
		this.context.registerBean(Settings.class,
				() -> new Settings(RedisURI.create(redisUrl), prefix, timeout, locking, query));
		this.context.register(Caching.class);
		this.context.refresh();
		this.hotValue = this.context.getBean(HotValue.class);
	}

	/**
	 * Reads the hot key through the proxy.
	 * @return the value
	 */
	String get() {
		return this.hotValue.load();
	}

	/** Removes the hot key, so the run starts cold. */
	void evict() {
		this.context.getBean(RedisCacheManager.class).getCache("hot").evict("hot");
	}

	@Override
	public void close() {
		this.context.close();
	}

	record Settings(RedisURI uri, String prefix, Duration timeout, boolean locking, SlowQuery query) {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class Caching {

		@Bean
		LettuceConnectionFactory redisConnectionFactory(Settings settings) {
			RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(settings.uri().getHost(),
					settings.uri().getPort());
			server.setDatabase(settings.uri().getDatabase());
			return new LettuceConnectionFactory(server);
		}

		@Bean
		RedisCacheManager cacheManager(RedisConnectionFactory connectionFactory, Settings settings) {
			RedisCacheManager.RedisCacheManagerBuilder builder = settings.locking()
					? RedisCacheManager.builder(RedisCacheWriter.lockingRedisCacheWriter(connectionFactory))
					: RedisCacheManager.builder(connectionFactory);
			return builder
				.cacheDefaults(RedisCacheConfiguration.defaultCacheConfig()
					.entryTtl(settings.timeout())
					.prefixCacheNameWith(settings.prefix()))
				.build();
		}

		@Bean
		HotValue hotValue(Settings settings) {
			return new HotValue(settings.query());
		}

	}

	/** The cached service; public and not final, so that Spring can proxy it. */
	public static class HotValue {

		private final SlowQuery query;

		HotValue(SlowQuery query) {
			this.query = query;
		}

		/**
		 * Loads the hot value on a miss.
		 * @return the value
		 */
		@Cacheable(cacheNames = "hot", key = "'hot'", sync = true)
		public String load() {
			return this.query.load();
		}

	}

}
