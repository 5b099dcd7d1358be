package dev.cachette.thymeleaf;

import java.time.Clock;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.thymeleaf.dialect.AbstractProcessorDialect;
import org.thymeleaf.dialect.IPostProcessorDialect;
import org.thymeleaf.postprocessor.IPostProcessor;
import org.thymeleaf.postprocessor.PostProcessor;
import org.thymeleaf.processor.IProcessor;
import org.thymeleaf.standard.StandardDialect;
import org.thymeleaf.standard.processor.StandardXmlNsTagProcessor;
import org.thymeleaf.templatemode.TemplateMode;

import dev.cachette.cache.CacheUtils;
import dev.cachette.cache.Caches;
import dev.cachette.cache.KeyFormat;
import dev.cachette.metrics.FragmentCacheStatistics;

/**
 * Template fragment caching for Thymeleaf, Django's {@code {% cache %}} tag. Two
 * spellings, one behaviour:
 *
 * <pre class="code">
 * &lt;html xmlns:th="http://www.thymeleaf.org" xmlns:cache="https://cachette.dev/thymeleaf"&gt;
 * &lt;aside cache:fragment="sidebar" cache:timeout="500" cache:vary-on="${user.name}"&gt;...&lt;/aside&gt;
 * &lt;aside th:cache="500, sidebar, ${user.name}"&gt;...&lt;/aside&gt;
 * &lt;div th:cache="300, local_fragment, using='localcache'"&gt;...&lt;/div&gt;
 * </pre>
 *
 * <p>
 * The element's rendered HTML (tag and children) is stored under Django's key,
 * {@link CacheUtils#makeTemplateFragmentKey(String, java.util.List)}, in the
 * {@code template_fragments} alias when it is configured, else {@code default}, or in the
 * alias named by {@code using}. On a hit the stored HTML replaces the element and nothing
 * inside it is evaluated; on a miss the element renders once, normally, and a
 * post-processor stores what it wrote. The timeout is in seconds, an expression or
 * {@code none} for never. A cache that fails leaves the element to render uncached; an
 * output holding the request's CSRF token is not stored.
 *
 * <p>
 * Stampede protection: a missing fragment is rendered once per key at a time, concurrent
 * renders waiting for the HTML it stores, and {@code stale-while-revalidate=30} /
 * {@code stale-if-error=300} ({@code th:cache} named arguments, or
 * {@code cache:stale-while-revalidate} and {@code cache:stale-if-error}) keep an expired
 * fragment useful while one render refreshes it or when that render fails.
 *
 * <p>
 * HTML template mode only. The dialect's processors run at Thymeleaf's standard dialect
 * precedence, between {@code th:with} and {@code th:attr}; it also removes the
 * {@code xmlns:cache} declaration from the output.
 */
public class CacheDialect extends AbstractProcessorDialect implements IPostProcessorDialect {

	/** The dialect's name. */
	public static final String NAME = "Cachette";

	/** The attribute prefix of the attribute form, {@code cache:fragment}. */
	public static final String PREFIX = "cache";

	/**
	 * The namespace to declare for the prefix ({@code xmlns:cache="..."}) so editors
	 * accept the attributes; Thymeleaf itself does not check it.
	 */
	public static final String NAMESPACE = "https://cachette.dev/thymeleaf";

	private final FragmentCaching caching;

	/**
	 * Creates the dialect.
	 * @param caches the configured aliases the fragments are stored in
	 */
	public CacheDialect(Caches caches) {
		this(caches, null);
	}

	/**
	 * Creates the dialect, counting each cached element's hit or miss by fragment name.
	 * @param caches the configured aliases the fragments are stored in
	 * @param statistics where hits and misses are recorded, or {@code null} not to count
	 */
	public CacheDialect(Caches caches, @Nullable FragmentCacheStatistics statistics) {
		this(caches, statistics, Clock.systemUTC());
	}

	/**
	 * Creates the dialect with the clock the logical expiry of fragments with stale
	 * windows is measured on.
	 * @param caches the configured aliases the fragments are stored in
	 * @param statistics where hits, misses, waits and stale serves are recorded, or
	 * {@code null} not to count
	 * @param clock the clock
	 */
	public CacheDialect(Caches caches, @Nullable FragmentCacheStatistics statistics, Clock clock) {
		this(caches, statistics, clock, KeyFormat.DJANGO);
	}

	/**
	 * Creates the dialect with a fragment key format.
	 * @param caches the configured aliases the fragments are stored in
	 * @param statistics where hits, misses, waits and stale serves are recorded, or
	 * {@code null} not to count
	 * @param clock the clock
	 * @param keyFormat how fragment keys hash their vary-on values: Django's, or
	 * {@link KeyFormat#STRICT}
	 */
	public CacheDialect(Caches caches, @Nullable FragmentCacheStatistics statistics, Clock clock, KeyFormat keyFormat) {
		super(NAME, PREFIX, StandardDialect.PROCESSOR_PRECEDENCE);
		this.caching = new FragmentCaching(caches, statistics, clock, keyFormat);
	}

	/**
	 * Releases the fragment locks the current thread still holds, those of a template
	 * that threw (Thymeleaf tells a template nothing when it fails, so a lock taken for a
	 * fragment it was rendering would otherwise wait to be reclaimed). The
	 * auto-configuration calls this when each Spring MVC request completes; call it
	 * likewise where templates are rendered outside Spring MVC.
	 */
	public void releaseLocksOfCurrentThread() {
		this.caching.releaseLocksOfCurrentThread();
	}

	@Override
	public Set<IProcessor> getProcessors(String dialectPrefix) {
		String main = dialectPrefix + ":" + FragmentAttributeTagProcessor.NAME;
		String compact = CompactCacheTagProcessor.PREFIX + ":" + CompactCacheTagProcessor.NAME;
		return Set.of(new FragmentAttributeTagProcessor(dialectPrefix, this.caching),
				new UnpairedAttributeTagProcessor(dialectPrefix, FragmentAttributeTagProcessor.TIMEOUT, main),
				new UnpairedAttributeTagProcessor(dialectPrefix, FragmentAttributeTagProcessor.VARY_ON, main),
				new UnpairedAttributeTagProcessor(dialectPrefix, FragmentAttributeTagProcessor.USING, main),
				new UnpairedAttributeTagProcessor(dialectPrefix, FragmentAttributeTagProcessor.STALE_WHILE_REVALIDATE,
						main),
				new UnpairedAttributeTagProcessor(dialectPrefix, FragmentAttributeTagProcessor.STALE_IF_ERROR, main),
				new CompactCacheTagProcessor(this.caching),
				new UnpairedAttributeTagProcessor(CompactCacheTagProcessor.PREFIX, CompactCacheTagProcessor.USING,
						compact),
				new BlockFragmentModelProcessor(dialectPrefix, false, this.caching),
				new BlockFragmentModelProcessor(CompactCacheTagProcessor.PREFIX, true, this.caching),
				new StandardXmlNsTagProcessor(TemplateMode.HTML, dialectPrefix));
	}

	/**
	 * Runs the capturing post-processor first, nearest to Thymeleaf's processing, so the
	 * stored HTML is what the element itself produced.
	 * @return the post-processor precedence
	 */
	@Override
	public int getDialectPostProcessorPrecedence() {
		return 0;
	}

	@Override
	public Set<IPostProcessor> getPostProcessors() {
		return Set.of(new PostProcessor(TemplateMode.HTML, FragmentCaptureHandler.class, 0));
	}

}
