package dev.cachette.demo;

import java.util.List;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Fills the empty H2 database with articles at startup, so the demo needs no set-up.
 *
 * @author Cachette contributors
 */
@Component
class ArticleGenerator implements ApplicationRunner {

	private static final List<String> SUBJECTS = List.of("Per-site cache", "Per-view cache", "Template fragment cache",
			"Low-level cache API", "Cache versioning", "Vary headers", "Cache stampedes", "Memcached timeouts",
			"Redis replicas", "The database cache", "The file-based cache", "Dummy caching");

	private static final List<String> ANGLES = List.of("explained", "in practice", "pitfalls", "from Django to Spring");

	private static final List<String> AUTHORS = List.of("Ada", "Grace", "Linus", "Barbara", "Ken");

	private final ArticleRepository repository;

	ArticleGenerator(ArticleRepository repository) {
		this.repository = repository;
	}

	/**
	 * Enough articles that a page of 200 rows and a popular-articles query have real work
	 * to do.
	 */
	static final int ARTICLES = 3000;

	@Override
	public void run(ApplicationArguments args) {
		for (int n = 0; n < ARTICLES; n++) {
			String subject = SUBJECTS.get(n % SUBJECTS.size());
			String angle = ANGLES.get((n / SUBJECTS.size()) % ANGLES.size());
			String title = subject + ": " + angle + ((n < SUBJECTS.size() * ANGLES.size()) ? "" : " (part " + n + ")");
			String slug = title.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
			this.repository.insert(slug, title, AUTHORS.get(n % AUTHORS.size()));
		}
	}

}
