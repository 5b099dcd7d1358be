package dev.cachette.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.servlet.LocaleResolver;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheUtils;
import dev.cachette.cache.KeyFormat;

/**
 * The keys of one page cache, byte for byte Django's ({@code django.utils.cache}
 * {@code get_cache_key}, {@code learn_cache_key}, {@code _generate_cache_key},
 * {@code _generate_cache_header_key}, {@code _i18n_cache_key_suffix}). The
 * {@code cache_header} key
 * ({@code views.decorators.cache.cache_header.<prefix>.<md5(url)>.<language>}) holds the
 * request headers the page varies on, learned from the response's {@code Vary}; the
 * {@code cache_page} key
 * ({@code views.decorators.cache.cache_page.<prefix>.<method>.<md5(url)>.<md5(header values)>.<language>})
 * holds the page. The URL is the one the application sees: behind a proxy whose headers
 * it honours, the forwarded host, port and scheme.
 */
final class PageKeys {

	private static final Log logger = LogFactory.getLog(PageKeys.class);

	/** Cloned for each digest: cheaper than a provider lookup on every request. */
	private static final MessageDigest MD5 = newMd5();

	/** How many URLs' header lists {@link #knownPageKey} can tell. */
	static final int KNOWN_HEADER_LISTS = 1000;

	/** The MD5 of no bytes: the vary-values hash of a page that varies on nothing. */
	private static final String EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e";

	private final Cache cache;

	private final String keyPrefix;

	private final PageCachePolicy policy;

	private final @Nullable LocaleResolver localeResolver;

	/**
	 * The header lists this JVM last read or learned, by {@code cache_header} key: the
	 * page key of a request while the store is out of reach. The least recently used
	 * dropped first.
	 */
	private final Map<String, List<String>> knownHeaderLists = new LinkedHashMap<>(64, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldest) {
			return size() > KNOWN_HEADER_LISTS;
		}
	};

	PageKeys(Cache cache, String keyPrefix, PageCachePolicy policy, @Nullable LocaleResolver localeResolver) {
		this.cache = cache;
		this.keyPrefix = keyPrefix;
		this.policy = policy;
		this.localeResolver = localeResolver;
	}

	/**
	 * The URL's learned header list, or {@code null}. Anything else under its key (bytes
	 * another program wrote, a value of another type) makes this one URL a miss, with a
	 * warning; its next rendering stores a good list over it.
	 */
	@Nullable List<String> headerList(HttpServletRequest request) {
		String key = headerKey(request);
		Object stored = this.cache.get(key);
		if (stored == null) {
			return null;
		}
		if (stored instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
			@SuppressWarnings("unchecked")
			List<String> headerList = (List<String>) list;
			know(key, headerList);
			return headerList;
		}
		logger.warn("Page cache '" + this.cache.alias() + "': the entry under " + key + " is not a header list (a "
				+ stored.getClass().getName() + "); " + absoluteUri(request) + " is rendered as a miss");
		return null;
	}

	/**
	 * Learns from a response which request headers its page varies on, stores that list
	 * under the URL's {@code cache_header} key for {@code timeout}, and returns the page
	 * key. Django's {@code learn_cache_key}.
	 * @param request the request
	 * @param response the response, its headers final
	 * @param timeout how long to keep the list
	 * @return the page key
	 */
	String learn(HttpServletRequest request, HttpServletResponse response, Duration timeout) {
		List<String> headerList = new ArrayList<>();
		for (String header : CacheHeaders.varyHeaders(response)) {
			String name = header.toUpperCase(Locale.ROOT).replace('-', '_');
			// The language suffix already separates languages (Django #18191).
			if (!(name.equals("ACCEPT_LANGUAGE") && this.policy.useI18n())) {
				headerList.add("HTTP_" + name);
			}
		}
		Collections.sort(headerList);
		String headerKey = headerKey(request);
		// An unmodifiable list, which a by-value local cache keeps without a copy.
		List<String> learned = List.copyOf(headerList);
		this.cache.set(headerKey, learned, timeout);
		know(headerKey, learned);
		String pageKey = pageKey(request, request.getMethod(), headerList);
		PageIndex.remember(this.cache, this.keyPrefix, absoluteUri(request), List.of(headerKey, pageKey), timeout);
		return pageKey;
	}

	/**
	 * The key of a request's {@code GET} page as the header list this JVM last read or
	 * learned for its URL makes it, without a round trip: what the page cache serves from
	 * while its store is out of reach. The key holds the request's own values of the
	 * headers the page varies on, so it is never another variant's.
	 * @return the key, or {@code null} when this JVM has not seen the URL's list
	 */
	@Nullable String knownPageKey(HttpServletRequest request) {
		List<String> headerList;
		synchronized (this.knownHeaderLists) {
			headerList = this.knownHeaderLists.get(headerKey(request));
		}
		return (headerList != null) ? pageKey(request, "GET", headerList) : null;
	}

	private void know(String headerKey, List<String> headerList) {
		synchronized (this.knownHeaderLists) {
			if (!headerList.equals(this.knownHeaderLists.get(headerKey))) {
				this.knownHeaderLists.put(headerKey, headerList);
			}
		}
	}

	/** Forgets the header lists of a URL, invalidated in this JVM. */
	void forgetUrl(String urlHash) {
		synchronized (this.knownHeaderLists) {
			this.knownHeaderLists.keySet().removeIf((key) -> PageKeys.isOfUrl(key, urlHash));
		}
	}

	/** Whether a page or header key (as made or stored) is one of a URL's. */
	static boolean isOfUrl(String key, String urlHash) {
		return key.contains("." + urlHash + ".") || key.endsWith("." + urlHash);
	}

	/** The URL's {@code cache_header} key, which is also the key of its page lock. */
	String headerKey(HttpServletRequest request) {
		return "views.decorators.cache.cache_header." + this.keyPrefix + "." + urlHash(request)
				+ languageSuffix(request);
	}

	String pageKey(HttpServletRequest request, String method, List<String> headerList) {
		return "views.decorators.cache.cache_page." + this.keyPrefix + "." + method + "." + urlHash(request) + "."
				+ varyValuesHash(request, headerList) + languageSuffix(request);
	}

	/**
	 * The MD5 of the request's absolute URL, computed once per request: a hit makes two
	 * keys from it. Kept with the URL it hashes, so a forward hashes its own.
	 */
	private static String urlHash(HttpServletRequest request) {
		String uri = absoluteUri(request);
		PageRequest page = PageRequest.of(request);
		UrlHash known = page.urlHash;
		if (known != null && known.uri().equals(uri)) {
			return known.hash();
		}
		String hash = md5Hex(uri);
		page.urlHash = new UrlHash(uri, hash);
		return hash;
	}

	/**
	 * A URL and its MD5, as {@link #urlHash} keeps them on the request.
	 *
	 * @param uri the absolute URL
	 * @param hash its MD5 in hex
	 */
	record UrlHash(String uri, String hash) {

	}

	private String varyValuesHash(HttpServletRequest request, List<String> headerList) {
		if (headerList.isEmpty()) {
			return EMPTY_MD5;
		}
		MessageDigest values = md5();
		boolean strict = this.policy.keyFormat() == KeyFormat.STRICT;
		for (String header : headerList) {
			String value = requestHeader(request, header.substring("HTTP_".length()).replace('_', '-'));
			if (strict) {
				CacheUtils.updateStrict(values, value);
			}
			else if (value != null) {
				values.update(value.getBytes(StandardCharsets.UTF_8));
			}
		}
		return HexFormat.of().formatHex(values.digest());
	}

	/** The request's header value as WSGI gives it: repeated lines joined by commas. */
	private static @Nullable String requestHeader(HttpServletRequest request, String name) {
		List<String> values = Collections.list(request.getHeaders(name));
		return values.isEmpty() ? null : String.join(",", values);
	}

	/**
	 * Django's {@code request.build_absolute_uri()}: scheme, host as the client sent it,
	 * the path as received, and the query string when there is one.
	 */
	static String absoluteUri(HttpServletRequest request) {
		StringBuilder uri = new StringBuilder(128);
		uri.append(baseUrl(request)).append(request.getRequestURI());
		String query = request.getQueryString();
		if (query != null && !query.isEmpty()) {
			uri.append('?').append(query);
		}
		return IriToUri.convert(uri.toString());
	}

	/**
	 * The scheme and host of a request as the page keys use them
	 * ({@code http://localhost:8080}), so that a path can be turned into the URL
	 * {@link PageCache#invalidatePage} expects.
	 * @param request the request
	 * @return the scheme, {@code ://} and the host as the client sent it
	 */
	public static String baseUrl(HttpServletRequest request) {
		return request.getScheme() + "://" + host(request);
	}

	/**
	 * The host as Django's {@code get_host()} gives it, the {@code Host} header as the
	 * client sent it, unless the application sees another host or port: behind
	 * {@code ForwardedHeaderFilter} or Tomcat's {@code RemoteIpValve} the page is
	 * rendered for the forwarded host, so it is keyed under that host, never under the
	 * client's.
	 */
	private static String host(HttpServletRequest request) {
		String host = request.getHeader("Host");
		if (host != null && !host.isEmpty() && isSeenAs(host, request)) {
			return host;
		}
		int port = request.getServerPort();
		boolean defaultPort = (port == 80 && "http".equals(request.getScheme()))
				|| (port == 443 && "https".equals(request.getScheme()));
		return defaultPort ? request.getServerName() : request.getServerName() + ":" + port;
	}

	/** Whether a {@code Host} header names the server name and port the request has. */
	private static boolean isSeenAs(String host, HttpServletRequest request) {
		int portStart = host.lastIndexOf(':');
		if (portStart < host.lastIndexOf(']')) {
			portStart = -1;
		}
		int nameLength = (portStart >= 0) ? portStart : host.length();
		String serverName = request.getServerName();
		if (nameLength != serverName.length() || !host.regionMatches(true, 0, serverName, 0, nameLength)) {
			return false;
		}
		int port = request.getServerPort();
		if (portStart < 0) {
			return port == ("https".equals(request.getScheme()) ? 443 : 80);
		}
		// The port as digits, without making strings: this runs for every page request.
		int seen = 0;
		for (int i = portStart + 1; i < host.length(); i++) {
			char c = host.charAt(i);
			if (c < '0' || c > '9' || seen > 65535) {
				return false;
			}
			seen = seen * 10 + (c - '0');
		}
		return portStart + 1 < host.length() && seen == port;
	}

	/**
	 * Django's {@code _i18n_cache_key_suffix} with {@code USE_I18N}, resolved once per
	 * request.
	 */
	private String languageSuffix(HttpServletRequest request) {
		if (!this.policy.useI18n()) {
			return "";
		}
		PageRequest page = PageRequest.of(request);
		if (page.languageSuffix != null) {
			return page.languageSuffix;
		}
		Locale locale = UserAccess.unobserved(request,
				() -> (this.localeResolver != null) ? this.localeResolver.resolveLocale(request) : request.getLocale());
		String suffix = "." + locale.toLanguageTag().toLowerCase(Locale.ROOT);
		page.languageSuffix = suffix;
		return suffix;
	}

	static String md5Hex(String text) {
		return HexFormat.of().formatHex(md5().digest(text.getBytes(StandardCharsets.UTF_8)));
	}

	static MessageDigest md5() {
		try {
			return (MessageDigest) MD5.clone();
		}
		catch (CloneNotSupportedException ex) {
			return newMd5();
		}
	}

	private static MessageDigest newMd5() {
		try {
			return MessageDigest.getInstance("MD5");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("MD5 is required of every Java platform", ex);
		}
	}

}
