package dev.cachette.demo;

import java.util.ArrayList;
import java.util.List;

import dev.cachette.cache.Cache;
import dev.cachette.cache.Caches;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Fills the freshly created table with the same articles at every start, so the demo
 * needs no set-up.
 *
 * @author Cachette contributors
 */
@Component
class ArticleGenerator implements ApplicationRunner {

	private static final List<String> SUBJECTS = List.of("Per-site cache", "Per-view cache", "Template fragment cache",
			"Low-level cache API", "Cache versioning", "Vary headers", "Cache stampedes", "Memcached timeouts",
			"Redis replicas", "The database cache", "The file-based cache", "Dummy caching");

	private static final List<String> ANGLES = List.of("explained", "in practice", "pitfalls", "from Django to Spring");

	static final List<String> AUTHORS = List.of("Ada", "Grace", "Linus", "Barbara", "Ken");

	static final List<String> CATEGORIES = List.of("Backends", "Invalidation", "Performance", "Security", "Tutorials",
			"Operations", "Releases");

	/**
	 * Enough articles that a page of 200 rows and a popular-articles query have real work
	 * to do.
	 */
	static final int ARTICLES = 3000;

	private final ArticleRepository repository;

	private final Caches caches;

	ArticleGenerator(ArticleRepository repository, Caches caches) {
		this.repository = repository;
		this.caches = caches;
	}

	@Override
	public void run(ApplicationArguments args) {
		List<Article> articles = new ArrayList<>(ARTICLES);
		for (int n = 0; n < ARTICLES; n++) {
			String subject = SUBJECTS.get(n % SUBJECTS.size());
			String angle = ANGLES.get((n / SUBJECTS.size()) % ANGLES.size());
			String title = subject + ": " + angle + ((n < SUBJECTS.size() * ANGLES.size()) ? "" : " (part " + n + ")");
			String slug = title.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
			String author = AUTHORS.get(n % AUTHORS.size());
			String category = CATEGORIES.get((n / 3) % CATEGORIES.size());
			String body = subject + " " + angle + ", by " + author + ". Django's cache framework, rebuilt for Spring: "
					+ "what it does, where it helps, and what to watch for.";
			// A deterministic spread of popularity, so the sidebar is the same at each
			// start; the newest article is also the most read, so it is on every page.
			int views = (n == ARTICLES - 1) ? 20000 : (int) ((n * 7919L) % 10007);
			articles.add(new Article(0, slug, title, author, category, body, views));
		}
		this.repository.insertAll(articles);
		// The data is new at each start: entries a shared cache (Redis, memcached, the
		// database) kept from the last run would describe articles that were reset.
		this.caches.all().forEach(Cache::clear);
	}

}
