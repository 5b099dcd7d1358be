package dev.cachette.demo;

import java.time.Duration;
import java.util.List;

import dev.cachette.cache.Cache;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The home page: the latest articles, read through the low-level API exactly as a Django
 * view would call {@code cache.get_or_set("home:articles", ..., 60)}.
 *
 * @author Cachette contributors
 */
@Controller
class HomeController {

	static final String ARTICLES_KEY = "home:articles";

	private final Cache cache;

	private final ArticleRepository repository;

	HomeController(@Qualifier("default") Cache cache, ArticleRepository repository) {
		this.cache = cache;
		this.repository = repository;
	}

	@GetMapping("/")
	String home(Model model) {
		List<Article> articles = this.cache.getOrSet(ARTICLES_KEY, () -> this.repository.findLatest(20),
				Duration.ofSeconds(60));
		model.addAttribute("articles", articles);
		model.addAttribute("queryCount", this.repository.queryCount());
		return "home";
	}

}
