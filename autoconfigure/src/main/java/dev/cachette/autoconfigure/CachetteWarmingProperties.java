package dev.cachette.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Cache warming after startup, under {@code cachette.warming}.
 */
@ConfigurationProperties("cachette.warming")
public class CachetteWarmingProperties {

	/**
	 * Whether the CacheWarmer beans run once the application is ready.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
