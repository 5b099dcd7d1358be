package dev.cachette.invalidation;

import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;

import dev.cachette.cache.Caches;

/**
 * Where a {@link CacheBustRule} starts: Django's
 * {@code @receiver(post_save, sender=Article)} written as a bean.
 *
 * <pre class="code">
 * &#64;Bean
 * CacheBustRule&lt;Article&gt; articleBusts() {
 *     return CacheBusts.on(Article.class)
 *         .keys((a) -&gt; List.of("article_" + a.slug()))
 *         .fragments((a) -&gt; List.of(CacheBusts.fragment("sidebar")))
 *         .pages((a) -&gt; List.of("/articles/" + a.slug(), "/"));
 * }
 * </pre>
 */
public final class CacheBusts {

	private CacheBusts() {
	}

	/**
	 * Starts a rule for a type of entity or event payload.
	 * @param <T> the type
	 * @param type the class whose instances (and subclasses') trigger the rule
	 * @return a rule that busts nothing yet
	 */
	public static <T> CacheBustRule<T> on(Class<T> type) {
		return new CacheBustRule<>(type);
	}

	/**
	 * Names a cached template fragment, as {@code cache:fragment} and {@code th:cache}
	 * store it.
	 * @param name the fragment name
	 * @param varyOn the vary-on values, in the template's order
	 * @return the fragment
	 */
	public static FragmentKey fragment(String name, @Nullable Object... varyOn) {
		return new FragmentKey(name, (varyOn != null) ? java.util.Arrays.asList(varyOn) : List.of());
	}

	/**
	 * Creates the listener that runs the rules: Django's {@code post_save} and
	 * {@code post_delete} receivers. The invalidation auto-configuration registers it
	 * when a {@link CacheBustRule} bean exists; an application that wires Cachette itself
	 * registers it as a bean.
	 * @param rules the rules
	 * @param caches the aliases
	 * @param pages the page cache, or {@code null} when there is none
	 * @param requestBaseUrl the scheme and host of the current request, or {@code null}
	 * outside a request; page paths are resolved against it
	 * @param baseUrls further base URLs page paths are resolved against (every host name
	 * the site is served under)
	 * @return the listener
	 */
	public static ApplicationListener<ApplicationEvent> listener(List<CacheBustRule<?>> rules, Caches caches,
			@Nullable PageInvalidator pages, Supplier<@Nullable String> requestBaseUrl, List<String> baseUrls) {
		return new CacheBustListener(rules, caches, pages, requestBaseUrl, baseUrls);
	}

}
