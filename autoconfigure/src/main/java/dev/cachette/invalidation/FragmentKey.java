package dev.cachette.invalidation;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.CacheUtils;

/**
 * A cached template fragment: its name and vary-on values, Django's
 * {@code make_template_fragment_key(name, vary_on)}.
 *
 * @param name the fragment name
 * @param varyOn the vary-on values, in the template's order
 */
public record FragmentKey(String name, List<? extends @Nullable Object> varyOn) {

	/**
	 * The cache key the fragment is stored under.
	 * @return the key
	 */
	public String cacheKey() {
		return CacheUtils.makeTemplateFragmentKey(this.name, this.varyOn);
	}

}
