package dev.cachette.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheStatistics;
import dev.cachette.cache.Caches;
import dev.cachette.cache.backend.BaseCache;
import dev.cachette.cache.settings.CacheSettings;
import dev.cachette.metrics.FragmentCacheStatistics;
import dev.cachette.web.PageCacheStatistics;

/**
 * The {@code cachette} actuator endpoint ({@code /actuator/cachette}).
 *
 * <ul>
 * <li>{@code GET /actuator/cachette}: every alias with its backend, locations (passwords
 * masked), timeout, key prefix, version, live statistics (size and evictions where the
 * backend can tell) and hit ratio; the page cache's and fragment cache's counts.</li>
 * <li>{@code GET /actuator/cachette/{alias}}: one alias.</li>
 * <li>{@code DELETE /actuator/cachette/{alias}}: clears the alias (what clear removes is
 * the backend's, see {@link Cache#clear()}).</li>
 * <li>{@code DELETE /actuator/cachette/{alias}/{key}}: deletes one key (the key as the
 * application gives it; the alias's key function applies).</li>
 * <li>{@code POST /actuator/cachette} with {@code {"page": "https://host/path?query"}}:
 * removes every cached variant of a page URL from every page cache.</li>
 * </ul>
 * Exposure and access follow Spring Boot's actuator settings
 * ({@code management.endpoints.web.exposure.include},
 * {@code management.endpoint.cachette.access}); secure the write operations as any other
 * actuator write.
 */
@Endpoint(id = "cachette")
public class CachetteEndpoint {

	private static final Pattern USER_INFO = Pattern.compile("(?<=://)([^/@]*)@");

	private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)((?:password|passwd|pwd|secret)=)[^&;]*");

	private static final String MASK = "******";

	private static final Duration NANOS_LIMIT = Duration.ofNanos(Long.MAX_VALUE);

	private final Caches caches;

	private final @Nullable PageCacheStatistics pageStatistics;

	private final @Nullable ToIntFunction<String> pageInvalidator;

	private final @Nullable FragmentCacheStatistics fragmentStatistics;

	/**
	 * Creates the endpoint.
	 * @param caches the aliases
	 * @param pageStatistics the page cache's counts, {@code null} without a page cache
	 * @param pageInvalidator removes a page URL from every page cache and returns how
	 * many keys went ({@code PageCaches::invalidatePage}), {@code null} without a page
	 * cache
	 * @param fragmentStatistics the fragment cache's counts, or {@code null}
	 */
	public CachetteEndpoint(Caches caches, @Nullable PageCacheStatistics pageStatistics,
			@Nullable ToIntFunction<String> pageInvalidator, @Nullable FragmentCacheStatistics fragmentStatistics) {
		this.caches = caches;
		this.pageStatistics = pageStatistics;
		this.pageInvalidator = pageInvalidator;
		this.fragmentStatistics = fragmentStatistics;
	}

	/**
	 * Describes every alias and layer.
	 * @return the description
	 */
	@ReadOperation
	public CachetteDescriptor caches() {
		Map<String, AliasDescriptor> aliases = new LinkedHashMap<>();
		for (String alias : this.caches.aliases()) {
			aliases.put(alias, describe(this.caches.get(alias)));
		}
		return new CachetteDescriptor(aliases, pages(), fragments());
	}

	/**
	 * Describes one alias.
	 * @param alias the alias
	 * @return the description, or {@code null} (404) for an unknown alias
	 */
	@ReadOperation
	public @Nullable AliasDescriptor alias(@Selector String alias) {
		return this.caches.contains(alias) ? describe(this.caches.get(alias)) : null;
	}

	/**
	 * Clears an alias.
	 * @param alias the alias
	 * @return what was done
	 * @throws InvalidEndpointRequestException (400) for an unknown alias
	 */
	@DeleteOperation
	public Map<String, Object> clear(@Selector String alias) {
		Cache cache = existing(alias);
		cache.clear();
		return Map.of("alias", cache.alias(), "cleared", true);
	}

	/**
	 * Deletes one key of an alias.
	 * @param alias the alias
	 * @param key the key, as the application gives it (may contain {@code /})
	 * @return whether a value was removed
	 * @throws InvalidEndpointRequestException (400) for an unknown alias
	 */
	@DeleteOperation
	public Map<String, Object> delete(@Selector String alias,
			@Selector(match = Selector.Match.ALL_REMAINING) String[] key) {
		Cache cache = existing(alias);
		String joined = String.join("/", key);
		return Map.of("alias", cache.alias(), "key", joined, "deleted", cache.delete(joined));
	}

	/**
	 * Removes every cached variant of a page URL from every page cache.
	 * @param page the absolute URL, with scheme, host and query
	 * @return how many keys were removed
	 * @throws InvalidEndpointRequestException (400) when there is no page cache
	 */
	@WriteOperation
	public Map<String, Object> invalidatePage(String page) {
		if (this.pageInvalidator == null) {
			throw new InvalidEndpointRequestException("There is no page cache (a Spring MVC application has one)",
					"No page cache");
		}
		return Map.of("page", page, "removed", this.pageInvalidator.applyAsInt(page));
	}

	private Cache existing(String alias) {
		if (!this.caches.contains(alias)) {
			throw new InvalidEndpointRequestException(
					"Unknown cache alias '" + alias + "'; configured aliases: " + this.caches.aliases(),
					"Unknown cache alias");
		}
		return this.caches.get(alias);
	}

	private AliasDescriptor describe(Cache cache) {
		CacheStatistics statistics = cache.statistics();
		StatisticsDescriptor counts = new StatisticsDescriptor(statistics.hits(), statistics.misses(),
				ratio(statistics.hitRatio()), statistics.puts(), statistics.removals(), statistics.evictions(),
				statistics.size());
		if (cache instanceof BaseCache base) {
			CacheSettings settings = base.settings();
			return new AliasDescriptor(settings.backend(), cache.getClass().getName(),
					settings.locations().stream().map(CachetteEndpoint::mask).toList(), timeout(settings.timeout()),
					settings.keyPrefix(), cache.defaultVersion(), counts);
		}
		return new AliasDescriptor(cache.getClass().getName(), cache.getClass().getName(), List.of(),
				timeout(cache.defaultTimeout()), null, cache.defaultVersion(), counts);
	}

	private @Nullable LayerDescriptor pages() {
		PageCacheStatistics statistics = this.pageStatistics;
		if (statistics == null) {
			return null;
		}
		long hits = statistics.hits();
		long misses = statistics.misses();
		Map<String, Long> stampede = new LinkedHashMap<>();
		stampede.put("coalescedWaits", statistics.coalescedWaits());
		stampede.put("staleServed", statistics.staleServed());
		stampede.put("staleIfErrorServed", statistics.staleIfErrorServed());
		return new LayerDescriptor(hits, misses, ratio(hits, misses), statistics.notCacheable(), statistics.failures(),
				null, stampede);
	}

	private @Nullable LayerDescriptor fragments() {
		FragmentCacheStatistics statistics = this.fragmentStatistics;
		if (statistics == null) {
			return null;
		}
		Map<String, Map<String, Long>> byFragment = new LinkedHashMap<>();
		statistics.byFragment()
			.forEach((name, counts) -> byFragment.put(name, Map.of("hits", counts[0], "misses", counts[1])));
		Map<String, Long> stampede = new LinkedHashMap<>();
		stampede.put("coalescedWaits", statistics.coalescedWaits());
		stampede.put("staleServed", statistics.staleServed());
		return new LayerDescriptor(statistics.hits(), statistics.misses(), ratio(statistics.hitRatio()), null, null,
				byFragment, stampede);
	}

	private static @Nullable Double ratio(long hits, long misses) {
		return (hits + misses == 0) ? null : (double) hits / (hits + misses);
	}

	private static @Nullable Double ratio(double ratio) {
		return Double.isNaN(ratio) ? null : ratio;
	}

	/** Seconds, or {@code "none"} for never. */
	private static Object timeout(Duration timeout) {
		if (timeout.compareTo(NANOS_LIMIT) >= 0) {
			return "none";
		}
		return (timeout.toMillis() % 1000 == 0) ? timeout.toSeconds() : timeout.toMillis() / 1000.0;
	}

	/**
	 * Masks the password of a location: the user information of a URL
	 * ({@code redis://user:secret@host} is {@code redis://user:******@host}, a lone
	 * {@code redis://secret@host} is {@code redis://******@host}) and {@code password=}
	 * parameters.
	 * @param location the location
	 * @return the location, safe to show
	 */
	static String mask(String location) {
		Matcher matcher = USER_INFO.matcher(location);
		StringBuilder masked = new StringBuilder();
		while (matcher.find()) {
			String userInfo = matcher.group(1);
			int colon = userInfo.indexOf(':');
			String replacement = (colon >= 0) ? userInfo.substring(0, colon + 1) + MASK : MASK;
			matcher.appendReplacement(masked, Matcher.quoteReplacement(replacement + "@"));
		}
		matcher.appendTail(masked);
		return PASSWORD_PARAMETER.matcher(masked).replaceAll("$1" + MASK);
	}

	/**
	 * Everything the endpoint shows.
	 *
	 * @param aliases every alias, in configuration order
	 * @param pages the page cache, {@code null} without one
	 * @param fragments the fragment cache, {@code null} without one
	 */
	public record CachetteDescriptor(Map<String, AliasDescriptor> aliases, @Nullable LayerDescriptor pages,
			@Nullable LayerDescriptor fragments) {
	}

	/**
	 * One alias.
	 *
	 * @param backend the backend as configured ({@code locmem}, a Django path, a class)
	 * @param type the cache's class
	 * @param location the locations, passwords masked
	 * @param timeout the default timeout in seconds, or {@code "none"}
	 * @param keyPrefix the key prefix
	 * @param version the default version
	 * @param statistics the live counts
	 */
	public record AliasDescriptor(String backend, String type, List<String> location, Object timeout,
			@Nullable String keyPrefix, int version, StatisticsDescriptor statistics) {
	}

	/**
	 * One alias's counts since it was created.
	 *
	 * @param hits lookups that found a value
	 * @param misses lookups that found none
	 * @param hitRatio hits / (hits + misses), {@code null} before any lookup
	 * @param puts values stored
	 * @param removals keys removed by the application
	 * @param evictions entries the backend evicted, {@code null} where it cannot tell
	 * @param size entries in the store, {@code null} where the backend cannot tell
	 */
	public record StatisticsDescriptor(long hits, long misses, @Nullable Double hitRatio, long puts, long removals,
			@Nullable Long evictions, @Nullable Long size) {
	}

	/**
	 * The page or fragment cache.
	 *
	 * @param hits lookups served from the cache
	 * @param misses lookups that rendered
	 * @param hitRatio hits / (hits + misses), {@code null} before any lookup
	 * @param notCacheable pages not stored, by reason (page cache only)
	 * @param failures cache failures survived (page cache only)
	 * @param fragments hits and misses by fragment name (fragment cache only)
	 * @param stampede what the layer's stampede protection did: waits for another
	 * request's rendering, stale pages or fragments served
	 */
	public record LayerDescriptor(long hits, long misses, @Nullable Double hitRatio,
			@Nullable Map<String, Long> notCacheable, @Nullable Long failures,
			@Nullable Map<String, Map<String, Long>> fragments, Map<String, Long> stampede) {
	}

}
