package dev.cachette.demo;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheUtils;
import dev.cachette.cache.Caches;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The article list (with the popular-articles sidebar in a {@code cache:fragment}), the
 * article page (through the low-level API, {@code article_<slug>}) and the edit form,
 * whose POST triggers the busts of {@link ArticleCaching} after the commit.
 *
 * @author Cachette contributors
 */
@Controller
class ArticleController {

	private static final int PAGE_SIZE = 20;

	private final ArticleRepository repository;

	private final ArticleService service;

	private final Cache cache;

	private final Cache fragments;

	ArticleController(ArticleRepository repository, ArticleService service, @Qualifier("default") Cache cache,
			Caches caches) {
		this.repository = repository;
		this.service = service;
		this.cache = cache;
		this.fragments = caches.contains("template_fragments") ? caches.get("template_fragments") : cache;
	}

	static String articleKey(String slug) {
		return "article_" + slug;
	}

	@GetMapping("/articles")
	String list(@RequestParam(defaultValue = "1") int page, Model model, HttpServletRequest request) {
		int current = Math.max(1, page);
		model.addAttribute("articles", this.repository.findLatest(PAGE_SIZE, (current - 1) * PAGE_SIZE));
		model.addAttribute("page", current);
		// Only for the navbar: whether the template is about to find its fragment.
		boolean fragmentCached = this.fragments
			.hasKey(CacheUtils.makeTemplateFragmentKey(PopularArticles.FRAGMENT, List.of()));
		CacheStatus.note(request, "fragment " + PopularArticles.FRAGMENT, fragmentCached);
		return "articles";
	}

	@GetMapping("/articles/{slug}")
	String detail(@PathVariable String slug, Model model, HttpServletRequest request) {
		AtomicBoolean loaded = new AtomicBoolean();
		Article article = this.cache.getOrSet(articleKey(slug), () -> {
			loaded.set(true);
			return this.repository.findBySlug(slug).orElse(null);
		}, Duration.ofMinutes(5));
		if (article == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No article " + slug);
		}
		CacheStatus.note(request, "low-level " + articleKey(slug), !loaded.get());
		model.addAttribute("article", article);
		model.addAttribute("cacheKey", articleKey(slug));
		return "article";
	}

	@GetMapping("/articles/{slug}/edit")
	String edit(@PathVariable String slug, Model model) {
		// The form shows the database's row, never a cached copy.
		model.addAttribute("article", this.repository.findBySlug(slug)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No article " + slug)));
		return "edit";
	}

	@PostMapping("/articles/{slug}/edit")
	String save(@PathVariable String slug, @RequestParam String title, @RequestParam String body) {
		if (title.isBlank()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "A title is required");
		}
		this.service.update(slug, title.strip(), body.strip())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No article " + slug));
		return "redirect:/articles/" + slug + "?saved";
	}

}
