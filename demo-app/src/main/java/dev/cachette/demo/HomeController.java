package dev.cachette.demo;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

import dev.cachette.web.CacheControlHeader;
import dev.cachette.web.CachePage;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The homepage, cached whole for 60 seconds as the seeds' news site does
 * ({@code @cache_page(60)}): however many visitors come, the database answers at most
 * once a minute, and an edit removes the page at once ({@link ArticleCaching}). When the
 * minute is up, one request renders it again while the others get the old page at once
 * ({@code staleWhileRevalidate}).
 *
 * @author Cachette contributors
 */
@Controller
class HomeController {

	private final ArticleRepository repository;

	HomeController(ArticleRepository repository) {
		this.repository = repository;
	}

	@GetMapping("/")
	// Past the minute, the first request renders the page again while everyone else is
	// served the old one for up to 30 s more: never a cold stall under load. While the
	// cache server is down (or a rendering fails), the page is served stale for up to
	// 5 minutes past its timeout, from the copy this instance stored or served.
	@CachePage(timeout = 60, staleWhileRevalidate = 30, staleIfError = 300)
	// The server's copy is busted on every edit; a browser's could not be, so browsers
	// revalidate each time (the page timeout above, not max-age, sets the server's 60 s).
	@CacheControlHeader(maxAge = 0, mustRevalidate = true)
	String home(Model model) {
		model.addAttribute("articles", this.repository.findLatest(10));
		model.addAttribute("categories", this.repository.categories());
		model.addAttribute("queryCount", this.repository.queryCount());
		model.addAttribute("renderedAt", LocalTime.now().truncatedTo(ChronoUnit.SECONDS));
		return "home";
	}

}
