package dev.cachette.web;

import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.revalidation.Revalidation;

/**
 * The storing side of a {@link PageCache}: Django's
 * {@code UpdateCacheMiddleware.process_response} and its 2026 security releases
 * ({@link PageCachePolicy}), then the rules no author should have to remember (a CSRF
 * token handed out or in the body, a handler whose access check reads what it returns, a
 * response that read the session or the user varying on {@code Cookie}), then the store
 * itself through the request's {@link Revalidation.Ticket}, with the stale windows
 * configured or, when honoured, the response's RFC 5861 directives.
 */
final class PageStore {

	private static final Log logger = LogFactory.getLog(PageCache.class);

	private final PageCache pageCache;

	private final PageKeys keys;

	private final PageCachePolicy policy;

	private final @Nullable Duration pageTimeout;

	private final PageRefresh refresh;

	private final boolean shared;

	private final PageCacheStatistics statistics;

	private final PageCacheBreaker breaker;

	private final Clock clock;

	PageStore(PageCache pageCache, PageKeys keys, PageCachePolicy policy, @Nullable Duration pageTimeout,
			PageRefresh refresh, boolean shared, PageCacheStatistics statistics, PageCacheBreaker breaker,
			Clock clock) {
		this.pageCache = pageCache;
		this.keys = keys;
		this.policy = policy;
		this.pageTimeout = pageTimeout;
		this.refresh = refresh;
		this.shared = shared;
		this.statistics = statistics;
		this.breaker = breaker;
		this.clock = clock;
	}

	/**
	 * Stores a response if it may be cached, adding {@code Expires} and
	 * {@code Cache-Control: max-age}. Never throws for a cache failure.
	 */
	void update(HttpServletRequest request, HttpServletResponse response, byte[] body) {
		int status = response.getStatus();
		if (status != 200 && status != 304) {
			this.statistics.notCacheable("status");
			return;
		}
		UserAccess access = UserAccess.of(request);
		boolean shared = this.shared || CacheHeaders.hasCacheControlDirective(response, "public");
		if (!shared && access != null && access.dependsOnUser()) {
			// Django's SessionMiddleware: a response that used the session varies on it.
			CacheHeaders.patchVaryHeaders(response, List.of("Cookie"));
		}
		PageRequest state = PageRequest.of(request);
		HandlerGuard guard = state.guard;
		String refusal = refusal(request, response, body, access, shared, guard);
		if (refusal != null) {
			this.statistics.notCacheable(refusal);
			return;
		}
		Duration timeout = this.pageTimeout;
		if (timeout == null) {
			Integer maxAge = CacheHeaders.getMaxAge(response);
			if (maxAge != null && maxAge == 0) {
				this.statistics.notCacheable("max-age=0");
				return;
			}
			timeout = (maxAge != null) ? Duration.ofSeconds(maxAge) : this.policy.defaultTimeout();
		}
		// Cachette's headers replace the ones Spring Security held back.
		HeldBackHeaders.drop(request);
		boolean perUser = !shared && (CacheHeaders.hasVaryHeader(response, "Cookie")
				|| CacheHeaders.hasVaryHeader(response, "Authorization"));
		if (perUser) {
			// One user's page: the server keeps it under that user's key, and no shared
			// cache between the server and the user may keep it at all.
			CacheHeaders.patchCacheControl(response, Map.of("private", CacheHeaders.FLAG));
		}
		CacheHeaders.patchResponseHeaders(response, (int) Math.min(Integer.MAX_VALUE, timeout.toSeconds()), this.clock);
		Revalidation.Ticket<CachedPage> ticket = state.ticket;
		if (status == 200 && !timeout.isZero() && !timeout.isNegative() && ticket != null && !this.breaker.skipping()) {
			if (!response.containsHeader("ETag")) {
				// Django's set_response_etag, so cached pages answer conditional GETs.
				response.setHeader("ETag", "\"" + HexFormat.of().formatHex(PageKeys.md5().digest(body)) + "\"");
			}
			boolean anonymousOnly = !shared && access != null && access.probedUser() && !access.dependsOnUser();
			try {
				store(request, response, CachedPage.of(response, body, anonymousOnly, guard.atHandler()), timeout,
						ticket);
				this.breaker.succeeded();
			}
			catch (RuntimeException ex) {
				this.breaker.failed("store", ex);
			}
		}
	}

	void notCacheable(String reason) {
		this.statistics.notCacheable(reason);
	}

	Clock clock() {
		return this.clock;
	}

	/**
	 * Why a response must not be stored, or {@code null}: the policy's rules (Django's),
	 * then the ones no author should have to remember: a CSRF token handed out or present
	 * in the body, and a handler whose access check looks at what it returns.
	 */
	private @Nullable String refusal(HttpServletRequest request, HttpServletResponse response, byte[] body,
			@Nullable UserAccess access, boolean shared, HandlerGuard guard) {
		String refusal = this.policy.refusal(request, response, shared);
		if (refusal != null) {
			return refusal;
		}
		if (guard.refusal() != null) {
			return guard.refusal();
		}
		if (access != null && access.readCsrfToken()) {
			return "csrf-token";
		}
		String token = CsrfTokens.find(body, (access != null) ? access.csrfTokens() : List.of());
		if (token != null) {
			logger.warn("Page cache '" + this.pageCache.cache().alias() + "' does not store "
					+ PageKeys.absoluteUri(request) + ": its body holds " + token + " that no other user may receive");
			return "csrf-token";
		}
		return null;
	}

	/**
	 * Stores a page for its timeout, and the {@code Vary} list it learned for as long as
	 * the page is kept: with windows, for the timeout plus the larger one.
	 */
	private void store(HttpServletRequest request, HttpServletResponse response, CachedPage page, Duration timeout,
			Revalidation.Ticket<CachedPage> ticket) {
		Revalidation.Windows windows = new Revalidation.Windows(
				window(response, "stale-while-revalidate", this.refresh.staleWhileRevalidate()),
				window(response, "stale-if-error", this.refresh.staleIfError()));
		Duration kept = windows.grace().isZero() ? timeout : windows.kept(timeout);
		ticket.store(this.keys.learn(request, response, kept), page, timeout, windows);
	}

	/** A configured window, or the response's RFC 5861 directive when honoured. */
	private Duration window(HttpServletResponse response, String directive, Duration configured) {
		if (this.refresh.honorStaleDirectives()) {
			Integer seconds = CacheHeaders.getSeconds(response, directive);
			if (seconds != null && seconds >= 0) {
				return Duration.ofSeconds(seconds);
			}
		}
		return configured;
	}

}
