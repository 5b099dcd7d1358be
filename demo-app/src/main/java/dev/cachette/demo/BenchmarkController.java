package dev.cachette.demo;

import java.nio.charset.StandardCharsets;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import dev.cachette.web.CachePage;

/**
 * The pages of the page-cache benchmark ({@code bench/pages.sh}): a Thymeleaf table of
 * 200 articles read from the database on every request, the same page behind
 * {@code @CachePage} (a hit still goes through Spring MVC to reach the annotated method),
 * the same page cached by URL pattern ({@code cache-middleware.pages} in
 * {@code application.yml}: a hit is served by a filter before Spring MVC), and a constant
 * string, the floor of Spring MVC itself, and a constant of the page's size.
 */
@Controller
class BenchmarkController {

	private static final int ROWS = 200;

	private static final byte[] PAGE_SIZED = "x".repeat(48 * 1024).getBytes(StandardCharsets.US_ASCII);

	private final ArticleRepository repository;

	BenchmarkController(ArticleRepository repository) {
		this.repository = repository;
	}

	@GetMapping("/bench/table")
	String table(Model model) {
		model.addAttribute("articles", this.repository.findLatest(ROWS));
		return "table";
	}

	@GetMapping("/bench/table-cached")
	@CachePage(timeout = 600)
	String cachedTable(Model model) {
		return table(model);
	}

	@GetMapping("/bench/table-pattern")
	String patternCachedTable(Model model) {
		return table(model);
	}

	@GetMapping("/bench/constant")
	@ResponseBody
	String constant() {
		return "constant";
	}

	/**
	 * A constant body as large as the table page: Spring MVC's floor for sending that
	 * many bytes, which separates the page cache's own cost from the cost of the bytes.
	 */
	@GetMapping(path = "/bench/constant-48k", produces = MediaType.TEXT_HTML_VALUE)
	@ResponseBody
	byte[] constantPageSized() {
		return PAGE_SIZED;
	}

}
