package dev.cachette.thymeleaf;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.cachette.cache.KeyFormat;

/**
 * Settings of the Thymeleaf fragment cache.
 */
@ConfigurationProperties("cachette.thymeleaf")
public class CachetteThymeleafProperties {

	/**
	 * How fragment keys hash their vary-on values: django (byte for byte Django's
	 * make_template_fragment_key, in which null and "None" share a key) or strict
	 * (distinct values never share a key; not Django's keys).
	 */
	private KeyFormat keyFormat = KeyFormat.DJANGO;

	public KeyFormat getKeyFormat() {
		return this.keyFormat;
	}

	public void setKeyFormat(KeyFormat keyFormat) {
		this.keyFormat = keyFormat;
	}

}
