package dev.cachette.demo;

import java.util.List;

import dev.cachette.invalidation.CacheBustRule;
import dev.cachette.invalidation.CacheBusts;
import dev.cachette.invalidation.CacheWarmer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What a change to an article invalidates, declared in one place (Django's
 * {@code post_save} receiver), and what is warmed at startup.
 *
 * @author Cachette contributors
 */
@Configuration(proxyBeanMethods = false)
class ArticleCaching {

	/**
	 * After an article is saved and committed: its low-level entry, the popular list and
	 * its author's dashboard; the sidebar fragment; the pages that show it (homepage and
	 * JSON API); and every category listing, by bumping their namespace.
	 */
	@Bean
	CacheBustRule<Article> articleBusts() {
		return CacheBusts.on(Article.class)
			.keys((article) -> List.of(ArticleController.articleKey(article.slug()), PopularArticles.KEY,
					DashboardController.dashboardKey(article.author())))
			.fragments((article) -> List.of(CacheBusts.fragment(PopularArticles.FRAGMENT)))
			.pages((article) -> List.of("/", "/api/articles", "/api/articles/" + article.slug()))
			.namespaces((article) -> List.of(CategoryController.NAMESPACE));
	}

	/** The popular articles are the costliest query: run it before the first visitor. */
	@Bean
	CacheWarmer popularArticlesWarmer(PopularArticles popular) {
		return (context) -> popular.warm();
	}

}
