package dev.cachette.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * A small Spring MVC application whose endpoints count their invocations, so a test can
 * tell a page served from the cache from one rendered again. Spring Security is on the
 * test classpath for {@link PageCacheSecurityTests}; this application leaves it out.
 */
@SpringBootConfiguration
@AutoConfigurationWithoutSecurity
@Import({ PageTestApplication.SiteController.class, PageTestApplication.ViewController.class,
		PageTestApplication.SlowController.class })
class PageTestApplication {

	static final AtomicInteger calls = new AtomicInteger();

	/**
	 * How many requests reached the application's one interceptor, which guards nothing.
	 */
	static final AtomicInteger observed = new AtomicInteger();

	@org.springframework.context.annotation.Bean
	org.springframework.web.servlet.config.annotation.WebMvcConfigurer observingInterceptor() {
		NonGuardingInterceptor observer = new NonGuardingInterceptor() {

			@Override
			public boolean preHandle(jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response,
					Object handler) {
				observed.incrementAndGet();
				return true;
			}

		};
		return new org.springframework.web.servlet.config.annotation.WebMvcConfigurer() {

			@Override
			public void addInterceptors(
					org.springframework.web.servlet.config.annotation.InterceptorRegistry registry) {
				registry.addInterceptor(observer);
			}

		};
	}

	/** Endpoints for the per-site cache: each shapes its response in one way. */
	@RestController
	static class SiteController {

		@org.springframework.web.bind.annotation.RequestMapping(path = "/cache/test/",
				method = { org.springframework.web.bind.annotation.RequestMethod.GET,
						org.springframework.web.bind.annotation.RequestMethod.POST })
		String test(@RequestParam(defaultValue = "") String test) {
			return "page " + calls.incrementAndGet() + " " + test;
		}

		@GetMapping("/cache-control")
		String cacheControl(@RequestParam String value, HttpServletResponse response) {
			response.setHeader("Cache-Control", value);
			return "page " + calls.incrementAndGet();
		}

		@GetMapping("/vary")
		String vary(@RequestParam String value, HttpServletResponse response) {
			response.setHeader("Vary", value);
			return "page " + calls.incrementAndGet();
		}

		@GetMapping("/set-cookie")
		String setCookie(HttpServletResponse response, @RequestParam(defaultValue = "false") boolean varyOnCookie) {
			response.addCookie(new Cookie("sessionid", "secret-" + calls.incrementAndGet()));
			if (varyOnCookie) {
				response.setHeader("Vary", "Cookie");
			}
			return "page " + calls.get();
		}

		@GetMapping("/large")
		String large() {
			return "page " + calls.incrementAndGet() + " " + "x".repeat(3 * 1024 * 1024);
		}

		@GetMapping("/status")
		ResponseEntity<String> status(@RequestParam int code) {
			return ResponseEntity.status(code).body("page " + calls.incrementAndGet());
		}

		@GetMapping("/whoami")
		String whoami(@RequestHeader(name = "Authorization", required = false) String authorization,
				HttpServletResponse response, @RequestParam(defaultValue = "false") boolean isPublic) {
			if (isPublic) {
				response.setHeader("Cache-Control", "public");
			}
			return "hello " + authorization + " " + calls.incrementAndGet();
		}

		@GetMapping("/profile")
		@VaryOnCookie
		String profile(@CookieValue(name = "user", defaultValue = "anonymous") String user) {
			return "profile of " + user + " " + calls.incrementAndGet();
		}

		@GetMapping("/stream")
		StreamingResponseBody stream() {
			calls.incrementAndGet();
			return (out) -> {
				out.write("chunk-1 ".getBytes(StandardCharsets.UTF_8));
				out.flush();
				out.write("chunk-2".getBytes(StandardCharsets.UTF_8));
			};
		}

	}

	/**
	 * Slow pages for the stampede tests: each rendering waits until the other requests of
	 * the test are waiting for it (or 5 s), so a test knows they overlapped.
	 */
	@RestController
	static class SlowController {

		static final AtomicInteger slowCalls = new AtomicInteger();

		private final PageCacheStatistics statistics;

		SlowController(PageCacheStatistics statistics) {
			this.statistics = statistics;
		}

		@GetMapping({ "/slow/site", "/slow/pattern" })
		String site(@RequestParam long since, @RequestParam int waiters) throws InterruptedException {
			return render(since, waiters);
		}

		@GetMapping("/slow/view")
		@CachePage(timeout = 60)
		String view(@RequestParam long since, @RequestParam int waiters) throws InterruptedException {
			return render(since, waiters);
		}

		@GetMapping("/slow/stale")
		@CachePage(timeout = 60, staleWhileRevalidate = 30, staleIfError = 300)
		String stale() {
			return "stale " + slowCalls.incrementAndGet();
		}

		private String render(long since, int waiters) throws InterruptedException {
			int call = slowCalls.incrementAndGet();
			long deadline = System.nanoTime() + 5_000_000_000L;
			while (this.statistics.coalescedWaits() - since < waiters && System.nanoTime() < deadline) {
				Thread.sleep(5);
			}
			return "slow " + call;
		}

	}

	/** Endpoints for {@code @CachePage} and the header annotations. */
	@Controller
	static class ViewController {

		@GetMapping("/view")
		@CachePage(timeout = 900)
		String view(Model model) {
			model.addAttribute("count", calls.incrementAndGet());
			model.addAttribute("items", List.of("<a>", "b"));
			return "page";
		}

		@GetMapping("/api/articles")
		@CachePage(timeout = 900, cache = "special", keyPrefix = "site1")
		@VaryOnHeaders("User-Agent")
		@org.springframework.web.bind.annotation.ResponseBody
		List<Map<String, Object>> api() {
			return List.of(Map.of("title", "First", "count", calls.incrementAndGet()));
		}

		@GetMapping("/entity")
		@CachePage(timeout = 60)
		ResponseEntity<String> entity() {
			return ResponseEntity.ok().header("X-Custom", "yes").body("entity " + calls.incrementAndGet());
		}

		@GetMapping("/needs-header")
		@CachePage(timeout = 60)
		@org.springframework.web.bind.annotation.ResponseBody
		String needsHeader(@org.springframework.web.bind.annotation.RequestHeader("X-Token") String token) {
			return "token " + calls.incrementAndGet();
		}

		@GetMapping("/never")
		@NeverCache
		@CachePage(timeout = 60)
		@org.springframework.web.bind.annotation.ResponseBody
		String never() {
			return "never " + calls.incrementAndGet();
		}

		@GetMapping("/controlled")
		@CacheControlHeader(maxAge = 3600, isPrivate = true, mustRevalidate = true)
		@org.springframework.web.bind.annotation.ResponseBody
		String controlled() {
			return "controlled " + calls.incrementAndGet();
		}

		@GetMapping("/patterned/{name}")
		@org.springframework.web.bind.annotation.ResponseBody
		String patterned(@org.springframework.web.bind.annotation.PathVariable String name) throws IOException {
			return "patterned " + name + " " + calls.incrementAndGet();
		}

	}

}
