package dev.cachette.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code cachette} health contributor, under {@code management.health.cachette}.
 */
@ConfigurationProperties("management.health.cachette")
public class CachetteHealthProperties {

	/**
	 * Whether every alias's backend is pinged for /actuator/health.
	 */
	private boolean enabled = true;

	/**
	 * How long an alias's ping may take before the alias is reported DOWN.
	 */
	private Duration timeout = Duration.ofSeconds(2);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

}
