package dev.cachette.invalidation;

import java.util.List;

import org.jspecify.annotations.Nullable;

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

}
