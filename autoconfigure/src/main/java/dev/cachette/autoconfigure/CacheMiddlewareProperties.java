package dev.cachette.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

import dev.cachette.cache.KeyFormat;
import dev.cachette.web.PageCachePolicy.SetCookieRule;

/**
 * The per-site cache, Django's {@code CACHE_MIDDLEWARE_*} settings.
 */
@ConfigurationProperties("cache-middleware")
public class CacheMiddlewareProperties {

	/**
	 * Whether every cacheable GET and HEAD response of the site is cached (Django's
	 * UpdateCacheMiddleware and FetchFromCacheMiddleware).
	 */
	private boolean enabled;

	/**
	 * Cache alias the pages are stored in (CACHE_MIDDLEWARE_ALIAS).
	 */
	private String alias = "default";

	/**
	 * Seconds each page is cached (CACHE_MIDDLEWARE_SECONDS).
	 */
	private int seconds = 600;

	/**
	 * Prefix of page keys, to share a cache between sites (CACHE_MIDDLEWARE_KEY_PREFIX).
	 */
	private String keyPrefix = "";

	/**
	 * Whether page keys end with the request's language, as Django's USE_I18N makes them
	 * (the language comes from the application's LocaleResolver, else Accept-Language).
	 */
	private boolean useI18n = true;

	/**
	 * What to do with a response that sets a cookie: never-store (default; a session or
	 * CSRF cookie must not be replayed to other visitors) or django (Django 5.2.17's
	 * rule: skip it only when it also varies on Cookie).
	 */
	private SetCookieRule setCookieRule = SetCookieRule.NEVER_STORE;

	/**
	 * Largest page body that is buffered and stored, for the per-site cache, URL patterns
	 * and @CachePage; a larger body is streamed to the client and not stored. Django has
	 * no limit; the default is memcached's largest item.
	 */
	private DataSize maxPageSize = DataSize.ofMegabytes(1);

	/**
	 * How page keys hash the values of the headers a page varies on: django (byte for
	 * byte Django's keys, whose values run together without a separator) or strict
	 * (distinct values never share a key; not Django's keys).
	 */
	private KeyFormat keyFormat = KeyFormat.DJANGO;

	public KeyFormat getKeyFormat() {
		return this.keyFormat;
	}

	public void setKeyFormat(KeyFormat keyFormat) {
		this.keyFormat = keyFormat;
	}

	public DataSize getMaxPageSize() {
		return this.maxPageSize;
	}

	public void setMaxPageSize(DataSize maxPageSize) {
		this.maxPageSize = maxPageSize;
	}

	/**
	 * Whether concurrent misses of one URL render the page once while the other requests
	 * wait for it (at most the alias's lock-timeout), for the per-site cache, URL
	 * patterns and @CachePage.
	 */
	private boolean singleFlight = true;

	/**
	 * How long after its timeout a page of the per-site cache is still served, at once,
	 * while one request renders it again (RFC 5861 stale-while-revalidate); seconds
	 * unless a unit is given. 0 for none.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration staleWhileRevalidate = Duration.ZERO;

	/**
	 * How long after its timeout a page of the per-site cache is served in place of an
	 * exception or a 5xx response (RFC 5861 stale-if-error); seconds unless a unit is
	 * given. 0 for none.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration staleIfError = Duration.ZERO;

	/**
	 * Whether a response's own Cache-Control stale-while-revalidate and stale-if-error
	 * directives (RFC 5861) set the windows of its page, in place of the configured ones.
	 */
	private boolean honorStaleDirectives;

	/**
	 * URL patterns cached without touching their views, the URLconf way (Django's
	 * cache_page in urls.py).
	 */
	private List<Page> pages = new ArrayList<>();

	public boolean isSingleFlight() {
		return this.singleFlight;
	}

	public void setSingleFlight(boolean singleFlight) {
		this.singleFlight = singleFlight;
	}

	public Duration getStaleWhileRevalidate() {
		return this.staleWhileRevalidate;
	}

	public void setStaleWhileRevalidate(Duration staleWhileRevalidate) {
		this.staleWhileRevalidate = staleWhileRevalidate;
	}

	public Duration getStaleIfError() {
		return this.staleIfError;
	}

	public void setStaleIfError(Duration staleIfError) {
		this.staleIfError = staleIfError;
	}

	public boolean isHonorStaleDirectives() {
		return this.honorStaleDirectives;
	}

	public void setHonorStaleDirectives(boolean honorStaleDirectives) {
		this.honorStaleDirectives = honorStaleDirectives;
	}

	public boolean isUseI18n() {
		return this.useI18n;
	}

	public void setUseI18n(boolean useI18n) {
		this.useI18n = useI18n;
	}

	public SetCookieRule getSetCookieRule() {
		return this.setCookieRule;
	}

	public void setSetCookieRule(SetCookieRule setCookieRule) {
		this.setCookieRule = setCookieRule;
	}

	public List<Page> getPages() {
		return this.pages;
	}

	public void setPages(List<Page> pages) {
		this.pages = pages;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getAlias() {
		return this.alias;
	}

	public void setAlias(String alias) {
		this.alias = alias;
	}

	public int getSeconds() {
		return this.seconds;
	}

	public void setSeconds(int seconds) {
		this.seconds = seconds;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	/**
	 * One cached URL pattern.
	 */
	public static class Page {

		/**
		 * Spring PathPattern of the pages, such as /articles/**.
		 */
		private String pattern = "";

		/**
		 * Seconds each page is kept.
		 */
		private int timeout = 600;

		/**
		 * Alias the pages are stored in; empty for default.
		 */
		private String cache = "";

		/**
		 * Key prefix of the pages.
		 */
		private String keyPrefix = "";

		/**
		 * How long after its timeout a page is still served while one request renders it
		 * again; seconds unless a unit is given. 0 for none.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration staleWhileRevalidate = Duration.ZERO;

		/**
		 * How long after its timeout a page is served in place of an exception or a 5xx
		 * response; seconds unless a unit is given. 0 for none.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration staleIfError = Duration.ZERO;

		/**
		 * Whether the pages are the same for every user: one entry serves everyone even
		 * when rendering read the session or the signed-in user. Off by default, so such
		 * a page varies on Cookie.
		 */
		private boolean shared;

		public boolean isShared() {
			return this.shared;
		}

		public void setShared(boolean shared) {
			this.shared = shared;
		}

		public Duration getStaleWhileRevalidate() {
			return this.staleWhileRevalidate;
		}

		public void setStaleWhileRevalidate(Duration staleWhileRevalidate) {
			this.staleWhileRevalidate = staleWhileRevalidate;
		}

		public Duration getStaleIfError() {
			return this.staleIfError;
		}

		public void setStaleIfError(Duration staleIfError) {
			this.staleIfError = staleIfError;
		}

		public String getPattern() {
			return this.pattern;
		}

		public void setPattern(String pattern) {
			this.pattern = pattern;
		}

		public int getTimeout() {
			return this.timeout;
		}

		public void setTimeout(int timeout) {
			this.timeout = timeout;
		}

		public String getCache() {
			return this.cache;
		}

		public void setCache(String cache) {
			this.cache = cache;
		}

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

	}

}
