package dev.cachette.demo;

import java.time.Duration;
import java.util.List;

import dev.cachette.cache.Cache;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The "popular articles" of the sidebar: the costliest query of the site, kept under
 * {@value #KEY} and rendered inside the {@value #FRAGMENT} template fragment. The
 * template calls {@link #top()} from inside the fragment, so on a fragment hit the query
 * does not even reach this cache.
 *
 * @author Cachette contributors
 */
@Component("popularArticles")
public class PopularArticles {

	static final String KEY = "popular_articles";

	static final String FRAGMENT = "popular";

	private static final int SIZE = 5;

	private final Cache cache;

	private final ArticleRepository repository;

	PopularArticles(@Qualifier("default") Cache cache, ArticleRepository repository) {
		this.cache = cache;
		this.repository = repository;
	}

	/**
	 * Return the popular articles, from the cache when they are there.
	 * @return the articles
	 */
	public List<Article> top() {
		return this.cache.getOrSet(KEY, () -> this.repository.findPopular(SIZE), Duration.ofMinutes(10));
	}

	void warm() {
		this.cache.set(KEY, this.repository.findPopular(SIZE), Duration.ofMinutes(10));
	}

}
