package dev.cachette.autoconfigure;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.cachette.cache.backend.CacheBackend;
import dev.cachette.cache.backend.redis.RedisCache;

/**
 * Registers the {@code redis} backend when Spring Data Redis and Lettuce are on the
 * classpath; an alias without a location uses the application's
 * {@link RedisConnectionFactory}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(
		name = { "org.springframework.data.redis.connection.RedisConnectionFactory", "io.lettuce.core.RedisClient" })
class RedisBackendConfiguration {

	@Bean
	CacheBackend redisCacheBackend(ObjectProvider<RedisConnectionFactory> connectionFactory) {
		return CacheBackend.of("redis",
				List.of("django.core.cache.backends.redis.RedisCache", RedisCache.class.getName()), RedisCache.OPTIONS,
				(settings) -> new RedisCache(settings,
						settings.locations().isEmpty() ? connectionFactory.getIfAvailable() : null));
	}

}
