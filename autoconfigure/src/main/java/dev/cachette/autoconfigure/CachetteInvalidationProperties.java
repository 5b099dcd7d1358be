package dev.cachette.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Event-driven busts, under {@code cachette.invalidation}.
 */
@ConfigurationProperties("cachette.invalidation")
public class CachetteInvalidationProperties {

	/**
	 * Scheme and host of every address the site is served under (such as
	 * https://news.example.com), against which the page paths of a CacheBustRule are
	 * resolved besides the base URL of the request that made the change.
	 */
	private List<String> baseUrls = new ArrayList<>();

	public List<String> getBaseUrls() {
		return this.baseUrls;
	}

	public void setBaseUrls(List<String> baseUrls) {
		this.baseUrls = baseUrls;
	}

}
