package dev.cachette.invalidation;

/**
 * Pre-fills cache entries after startup, so the first visitors after a deploy do not all
 * miss at once. Declare one as a bean; {@link CacheWarming} runs every one of them once
 * the application is ready, on its own thread, off the request path.
 *
 * <pre class="code">
 * &#64;Bean
 * CacheWarmer popularArticles(ArticleRepository articles) {
 *     return (context) -&gt; context.cache().set("popular", articles.findPopular(10));
 * }
 * </pre>
 */
@FunctionalInterface
public interface CacheWarmer {

	/**
	 * Fills the entries. An exception is logged and the next warmer runs.
	 * @param context the caches
	 * @throws Exception if warming failed
	 */
	void warm(WarmingContext context) throws Exception;

}
