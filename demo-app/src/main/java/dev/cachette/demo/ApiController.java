package dev.cachette.demo;

import java.util.List;

import dev.cachette.web.CacheControlHeader;
import dev.cachette.web.CachePage;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON API, each response cached whole for 60 seconds with {@code @CachePage}, as a
 * REST view would be with {@code @cache_page(60)}. A 404 is not a 200, so it is never
 * stored. Browsers are told to revalidate ({@code max-age=0}), since only the server's
 * copy can be busted when an article changes.
 *
 * @author Cachette contributors
 */
@RestController
class ApiController {

	private final ArticleRepository repository;

	ApiController(ArticleRepository repository) {
		this.repository = repository;
	}

	@GetMapping("/api/articles")
	@CachePage(timeout = 60)
	@CacheControlHeader(maxAge = 0, mustRevalidate = true)
	List<Article> latest() {
		return this.repository.findLatest(20);
	}

	@GetMapping("/api/articles/{slug}")
	@CachePage(timeout = 60)
	@CacheControlHeader(maxAge = 0, mustRevalidate = true)
	ResponseEntity<Article> article(@PathVariable String slug) {
		return ResponseEntity.of(this.repository.findBySlug(slug));
	}

}
