package dev.cachette.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code caches:} map, Django's {@code CACHES} setting: one entry per alias. Without
 * any entry, {@code default} is a local-memory cache.
 */
@ConfigurationProperties
public class CachesProperties {

	/**
	 * Cache aliases by name. Each becomes a Cache bean named after it; "default" is the
	 * primary one.
	 */
	private Map<String, CacheAliasProperties> caches = new LinkedHashMap<>();

	public Map<String, CacheAliasProperties> getCaches() {
		return this.caches;
	}

	public void setCaches(Map<String, CacheAliasProperties> caches) {
		this.caches = caches;
	}

}
