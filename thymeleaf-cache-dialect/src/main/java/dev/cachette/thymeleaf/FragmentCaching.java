package dev.cachette.thymeleaf;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.model.IModel;
import org.thymeleaf.model.IModelFactory;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.element.IElementTagStructureHandler;
import org.thymeleaf.standard.expression.StandardExpressions;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheUtils;
import dev.cachette.cache.Caches;
import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.KeyFormat;
import dev.cachette.cache.revalidation.Revalidation;
import dev.cachette.cache.revalidation.StampedeStatistics;
import dev.cachette.metrics.FragmentCacheStatistics;

/**
 * The cached-fragment logic both attribute forms share. Follows
 * {@code django.templatetags.cache.CacheNode.render}: resolve the timeout, then the
 * cache, then the vary-on values; look the key up; on a hit put the stored text in place
 * of the element, unevaluated; on a miss let the element render normally and have
 * {@link FragmentCaptureHandler} store what it wrote.
 *
 * <p>
 * Differences from Django, each deliberate: a cache that fails (a server down) never
 * fails the page, it logs a warning at most once a minute per alias and the element
 * renders uncached; an output holding the request's CSRF token is not stored
 * ({@link CsrfGuard}); a timeout expression that yields {@code null} is an error, since
 * Thymeleaf cannot tell an unknown variable (an error in Django) from a {@code None} one;
 * write {@code none} to cache forever.
 *
 * <p>
 * Beyond Django, stampede protection through the {@link Revalidation} flow: a missing
 * fragment is rendered by one page at a time per key, the others waiting (at most the
 * alias's {@code lock-timeout}) and then using the HTML it stored; with a
 * {@code stale-while-revalidate} window an expired fragment is served at once while the
 * one rendering holding the key refreshes it inline; with a {@code stale-if-error} window
 * it is served to the renderings waiting for that key when the holder stores nothing (it
 * failed) or does not finish within the {@code lock-timeout} (Thymeleaf cannot replace
 * the output of an element whose own rendering throws: the exception ends the template),
 * and, while the alias's circuit is open, from the last copy this JVM saw. Such fragments
 * are stored in the flow's envelope, kept for the timeout plus the larger window.
 */
final class FragmentCaching {

	/** The alias Django's {@code {% cache %}} prefers when it is configured. */
	static final String TEMPLATE_FRAGMENTS_ALIAS = "template_fragments";

	private static final Log logger = LogFactory.getLog(FragmentCaching.class);

	private static final long WARN_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

	private final Caches caches;

	private final @Nullable FragmentCacheStatistics statistics;

	/** The statistics' stampede counters, or counters nobody reads without them. */
	private final StampedeStatistics stampede;

	private final Map<String, Long> lastWarnings = new ConcurrentHashMap<>();

	private final FragmentLocks locks;

	private final Clock clock;

	private final KeyFormat keyFormat;

	FragmentCaching(Caches caches, @Nullable FragmentCacheStatistics statistics, Clock clock, KeyFormat keyFormat) {
		this.keyFormat = keyFormat;
		this.caches = caches;
		this.statistics = statistics;
		this.stampede = (statistics != null) ? statistics.stampede() : new StampedeStatistics();
		this.clock = clock;
		this.locks = new FragmentLocks(clock);
	}

	/**
	 * Renders one cached element: replaces it with its stored text on a hit; on a miss
	 * marks it for capture and leaves it to render.
	 * @param context the template context
	 * @param tag the element
	 * @param spec what the template asked for
	 * @param structure the element's structure handler
	 */
	void process(ITemplateContext context, IProcessableElementTag tag, FragmentSpec spec,
			IElementTagStructureHandler structure) {
		Lookup lookup = lookup(context, tag.getTemplateName(), spec);
		if (lookup == null) {
			return;
		}
		if (lookup.cached() != null) {
			structure.replaceWith(lookup.cached(), false);
			return;
		}
		FragmentCaptureHandler capture = handler(context, lookup.fragment());
		if (capture != null) {
			structure.setAttribute(FragmentCaptureHandler.MARKER_ATTRIBUTE, capture.expect(lookup.fragment()));
		}
		else {
			release(lookup.fragment());
		}
	}

	/**
	 * Renders one cached {@code th:block}, whose tags are not written and so cannot
	 * delimit a capture: the block's model is wrapped in marker comments on a miss, and
	 * replaced by one on a hit, which the handler swaps for the stored text unprocessed.
	 * @param context the template context
	 * @param model the block's model, its first event the block's open tag
	 * @param spec what the template asked for
	 */
	void process(ITemplateContext context, IModel model, FragmentSpec spec) {
		Lookup lookup = lookup(context, model.get(0).getTemplateName(), spec);
		if (lookup == null) {
			return;
		}
		FragmentCaptureHandler capture = handler(context, lookup.fragment());
		if (capture == null) {
			release(lookup.fragment());
			return;
		}
		IModelFactory factory = context.getModelFactory();
		if (lookup.cached() != null) {
			model.reset();
			model.add(factory.createComment(capture.hit(lookup.cached())));
			return;
		}
		String[] markers = capture.expectBetween(lookup.fragment());
		model.insert(0, factory.createComment(markers[0]));
		model.add(factory.createComment(markers[1]));
	}

	/**
	 * Resolves the fragment and reads it: Django's {@code CacheNode.render} up to
	 * {@code fragment_cache.get}, then the revalidation flow.
	 * @return the result, or {@code null} when the cache failed and the fragment renders
	 * uncached
	 */
	@SuppressWarnings("unchecked")
	private @Nullable Lookup lookup(ITemplateContext context, String template, FragmentSpec spec) {
		Duration timeout = resolveTimeout(context, spec);
		Cache cache = resolveCache(context, spec, template);
		List<@Nullable Object> varyOn = new ArrayList<>(spec.varyOn().size());
		for (String expression : spec.varyOn()) {
			varyOn.add(evaluate(context, expression));
		}
		Revalidation.Windows windows = new Revalidation.Windows(
				resolveWindow(context, spec, spec.staleWhileRevalidate()),
				resolveWindow(context, spec, spec.staleIfError()));
		String key = CacheUtils.makeTemplateFragmentKey(spec.name(), varyOn, this.keyFormat);
		Revalidation.Outcome<String> outcome;
		try {
			Revalidation flow = Revalidation.of(cache, this.clock);
			outcome = flow.begin(key, String.class, () -> flow.read(key), (html) -> true,
					this.locks.mayCoordinate(cache, key), this.stampede);
		}
		catch (RuntimeException ex) {
			warnFailure(cache, "read", key, template, ex);
			record(spec.name(), false);
			return null;
		}
		Revalidation.Ticket<String> ticket = null;
		String cached = null;
		if (outcome instanceof Revalidation.Serve<String> serve) {
			cached = serve.value();
		}
		else {
			ticket = (Revalidation.Ticket<String>) outcome;
			this.locks.hold(cache, key, ticket);
		}
		record(spec.name(), cached != null);
		return new Lookup(new PendingFragment(this, cache, key, timeout, windows, template, spec.name(), ticket),
				cached);
	}

	/**
	 * Releases the fragment locks the current thread still holds: those of a template
	 * that threw. Called when a request completes.
	 */
	void releaseLocksOfCurrentThread() {
		this.locks.releaseHeldBy(Thread.currentThread());
	}

	private void record(String fragment, boolean hit) {
		FragmentCacheStatistics statistics = this.statistics;
		if (statistics == null) {
			return;
		}
		if (hit) {
			statistics.hit(fragment);
		}
		else {
			statistics.miss(fragment);
		}
	}

	private @Nullable FragmentCaptureHandler handler(ITemplateContext context, PendingFragment fragment) {
		FragmentCaptureHandler handler = FragmentCaptureHandler.current(context);
		if (handler == null) {
			warn("capture",
					"Fragment '" + fragment.name() + "' of template '" + fragment.template()
							+ "' renders uncached: the Cachette post-processor is not active (HTML template mode and a"
							+ " registered CacheDialect are needed)",
					null);
		}
		return handler;
	}

	/**
	 * Stores a captured fragment, unless it holds the request's CSRF token, and releases
	 * its lock. Never throws for a cache failure.
	 * @param context the template context
	 * @param fragment the fragment
	 * @param html its output
	 */
	void store(ITemplateContext context, PendingFragment fragment, String html) {
		try {
			String secret = CsrfGuard.findToken(context, html);
			if (secret != null) {
				logger.warn("Fragment '" + fragment.name() + "' of template '" + fragment.template()
						+ "' was not cached: its output contains " + secret
						+ ", which must not be served to another user. Keep the form's token outside the cached"
						+ " element (see the Cachette Thymeleaf documentation).");
				return;
			}
			Revalidation.Ticket<String> ticket = fragment.ticket();
			if (ticket != null) {
				write(fragment, ticket, html);
			}
		}
		catch (RuntimeException ex) {
			warnFailure(fragment.cache(), "write", fragment.key(), fragment.template(), ex);
		}
		finally {
			release(fragment);
		}
	}

	/**
	 * Releases the key a fragment's lookup holds, if any; the other renderings of its key
	 * then read what was stored, or render it themselves.
	 * @param fragment the fragment
	 */
	void release(PendingFragment fragment) {
		if (fragment.ticket() != null) {
			this.locks.release(fragment.cache(), fragment.key(), fragment.ticket());
		}
	}

	/**
	 * Stores a fragment for its timeout; with windows, in the flow's envelope for the
	 * alias's default timeout when the template names none.
	 */
	private void write(PendingFragment fragment, Revalidation.Ticket<String> ticket, String html) {
		Duration timeout = fragment.timeout();
		if (timeout == null && !fragment.windows().grace().isZero()) {
			timeout = fragment.cache().defaultTimeout();
		}
		ticket.store(fragment.key(), html, timeout, fragment.windows());
	}

	/** A stale window: seconds, an expression, or none. */
	private Duration resolveWindow(ITemplateContext context, FragmentSpec spec, @Nullable String expression) {
		if (expression == null) {
			return Duration.ZERO;
		}
		Object value = evaluate(context, expression);
		if (value instanceof Duration duration && !duration.isNegative()) {
			return duration;
		}
		try {
			long seconds = (value instanceof Number number) ? number.longValue()
					: Long.parseLong(String.valueOf(value).trim());
			if (seconds >= 0) {
				return Duration.ofSeconds(seconds);
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new TemplateProcessingException("'" + spec.attribute() + "' of fragment '" + spec.name()
				+ "' got a stale window that is not a number of seconds: '" + value + "' from '" + expression + "'");
	}

	private @Nullable Duration resolveTimeout(ITemplateContext context, FragmentSpec spec) {
		String expression = spec.timeout();
		if (expression == null) {
			return null;
		}
		if (FragmentSpec.isNone(expression)) {
			return Cache.FOREVER;
		}
		Object value = evaluate(context, expression);
		if (value instanceof Duration duration) {
			return duration;
		}
		if (value instanceof Number number) {
			// Django's int(): 2.7 is 2.
			return Duration.ofSeconds(number.longValue());
		}
		if (value instanceof CharSequence text) {
			if (FragmentSpec.isNone(text.toString())) {
				return Cache.FOREVER;
			}
			try {
				return Duration.ofSeconds(Long.parseLong(text.toString().trim()));
			}
			catch (NumberFormatException ex) {
				// falls through to the error below
			}
		}
		if (value == null) {
			throw new TemplateProcessingException("'" + spec.attribute() + "' got a null timeout value from '"
					+ expression + "' (an unknown variable?); write none to cache forever");
		}
		throw new TemplateProcessingException("'" + spec.attribute() + "' got a non-integer timeout value: '" + value
				+ "' from '" + expression + "'");
	}

	private Cache resolveCache(ITemplateContext context, FragmentSpec spec, String template) {
		String alias;
		if (spec.using() != null) {
			Object value = evaluate(context, spec.using());
			if (value == null) {
				throw new TemplateProcessingException("'" + spec.attribute() + "' for fragment '" + spec.name()
						+ "' in template '" + template + "' got a null cache alias from '" + spec.using() + "'");
			}
			alias = value.toString();
		}
		else {
			alias = this.caches.contains(TEMPLATE_FRAGMENTS_ALIAS) ? TEMPLATE_FRAGMENTS_ALIAS : Caches.DEFAULT_ALIAS;
		}
		try {
			return this.caches.get(alias);
		}
		catch (InvalidCacheBackendException ex) {
			throw new TemplateProcessingException("Invalid cache name specified for '" + spec.attribute()
					+ "' of fragment '" + spec.name() + "' in template '" + template + "': '" + alias
					+ "'; configured aliases: " + this.caches.aliases(), ex);
		}
	}

	private static @Nullable Object evaluate(ITemplateContext context, String expression) {
		return StandardExpressions.getExpressionParser(context.getConfiguration())
			.parseExpression(context, expression)
			.execute(context);
	}

	private void warnFailure(Cache cache, String operation, String key, String template, RuntimeException ex) {
		warn(cache.alias() + ":" + operation, "Cache '" + cache.alias() + "' failed to " + operation + " fragment key '"
				+ key + "' (template '" + template + "'); the fragment renders uncached: " + ex, ex);
	}

	/**
	 * Logs a warning at most once a minute for each topic, at debug level otherwise, so a
	 * cache that is down does not flood the log with one line per fragment.
	 */
	private void warn(String topic, String message, @Nullable Throwable ex) {
		long now = System.nanoTime();
		Long last = this.lastWarnings.get(topic);
		if (last == null || now - last > WARN_INTERVAL_NANOS) {
			this.lastWarnings.put(topic, now);
			logger.warn(message + " (further warnings of this kind are logged at debug level for a minute)");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message, ex);
		}
	}

	/**
	 * A fragment whose element is rendering, waiting to be stored when its close tag is
	 * written.
	 *
	 * @param caching where to store it
	 * @param cache the alias's cache
	 * @param key the fragment key, as {@code makeTemplateFragmentKey} makes it
	 * @param timeout the timeout, {@code null} for the alias's default
	 * @param windows the stale windows, {@link Revalidation.Windows#NONE} for none
	 * @param template the template name, for messages
	 * @param name the fragment name, for messages
	 * @param ticket the flow's ticket of this rendering, holding the key until the
	 * fragment is stored or the template ends; {@code null} on a hit
	 */
	record PendingFragment(FragmentCaching caching, Cache cache, String key, @Nullable Duration timeout,
			Revalidation.Windows windows, String template, String name, Revalidation.@Nullable Ticket<String> ticket) {
	}

	/**
	 * What a lookup found.
	 *
	 * @param fragment the fragment, to store on a miss
	 * @param cached the stored text, or {@code null} on a miss
	 */
	private record Lookup(PendingFragment fragment, @Nullable String cached) {
	}

}
