package dev.cachette.demo;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.cachette.cache.Cache;
import dev.cachette.invalidation.CacheNamespace;
import dev.cachette.invalidation.CacheNamespaces;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A category's listing, cached under a versioned namespace: {@code category:v<N>:<name>}.
 * Which listings an edited article appears in is hard to say (it may have just left one),
 * so an edit bumps the namespace and every listing is recomputed on its next visit.
 *
 * @author Cachette contributors
 */
@Controller
class CategoryController {

	static final String NAMESPACE = "category";

	private final ArticleRepository repository;

	private final Cache cache;

	private final CacheNamespace listings;

	CategoryController(ArticleRepository repository, @Qualifier("default") Cache cache, CacheNamespaces namespaces) {
		this.repository = repository;
		this.cache = cache;
		this.listings = namespaces.get(NAMESPACE);
	}

	@GetMapping("/categories/{category}")
	String category(@PathVariable String category, Model model, HttpServletRequest request) {
		String key = this.listings.key(category);
		AtomicBoolean loaded = new AtomicBoolean();
		List<Article> articles = this.cache.getOrSet(key, () -> {
			loaded.set(true);
			return this.repository.findByCategory(category, 30);
		}, Duration.ofMinutes(10));
		CacheStatus.note(request, "namespace " + key, !loaded.get());
		model.addAttribute("category", category);
		model.addAttribute("categories", ArticleGenerator.CATEGORIES);
		model.addAttribute("articles", articles);
		model.addAttribute("cacheKey", key);
		return "category";
	}

}
