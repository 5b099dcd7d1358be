package dev.cachette.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Spring's cache abstraction on Cachette's aliases, under {@code cachette.cache-manager}.
 */
@ConfigurationProperties("cachette.cache-manager")
public class CachetteCacheManagerProperties {

	/**
	 * Whether every alias is exposed as a Spring cache through a CacheManager (when the
	 * application defines none).
	 */
	private boolean enabled = true;

	/**
	 * Whether @Cacheable methods returning null have the null cached (Spring's default);
	 * when false, caching null throws.
	 */
	private boolean allowNullValues = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isAllowNullValues() {
		return this.allowNullValues;
	}

	public void setAllowNullValues(boolean allowNullValues) {
		this.allowNullValues = allowNullValues;
	}

}
