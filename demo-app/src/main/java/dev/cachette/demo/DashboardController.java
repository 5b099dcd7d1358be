package dev.cachette.demo;

import java.io.Serializable;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.cachette.cache.Cache;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A per-user dashboard, cached the safe way: the user is part of the key
 * ({@code dashboard:<user>}), so one user's numbers can never be served to another, the
 * seeds' one absolute rule. (A whole page cached with {@code @CachePage} would need
 * {@code @VaryOnCookie} for the same guarantee.) The "login" is a demo cookie naming one
 * of the authors.
 *
 * @author Cachette contributors
 */
@Controller
class DashboardController {

	static final String USER_COOKIE = "demo_user";

	private final ArticleRepository repository;

	private final Cache cache;

	DashboardController(ArticleRepository repository, @Qualifier("default") Cache cache) {
		this.repository = repository;
		this.cache = cache;
	}

	static String dashboardKey(String user) {
		return "dashboard:" + user;
	}

	@GetMapping("/dashboard")
	String dashboard(@CookieValue(name = USER_COOKIE, required = false) @Nullable String user, Model model,
			HttpServletRequest request) {
		model.addAttribute("authors", ArticleGenerator.AUTHORS);
		if (user == null || !ArticleGenerator.AUTHORS.contains(user)) {
			return "login";
		}
		AtomicBoolean loaded = new AtomicBoolean();
		Dashboard dashboard = this.cache.getOrSet(dashboardKey(user), () -> {
			loaded.set(true);
			long[] totals = this.repository.authorTotals(user);
			return new Dashboard(user, totals[0], totals[1], this.repository.findByAuthor(user, 5),
					LocalTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
		}, Duration.ofMinutes(2));
		CacheStatus.note(request, "low-level " + dashboardKey(user), !loaded.get());
		model.addAttribute("dashboard", dashboard);
		model.addAttribute("cacheKey", dashboardKey(user));
		return "dashboard";
	}

	@PostMapping("/login")
	String login(@RequestParam String user, HttpServletResponse response) {
		if (ArticleGenerator.AUTHORS.contains(user)) {
			Cookie cookie = new Cookie(USER_COOKIE, user);
			cookie.setPath("/");
			cookie.setHttpOnly(true);
			response.addCookie(cookie);
		}
		return "redirect:/dashboard";
	}

	@PostMapping("/logout")
	String logout(HttpServletResponse response) {
		Cookie cookie = new Cookie(USER_COOKIE, "");
		cookie.setPath("/");
		cookie.setMaxAge(0);
		response.addCookie(cookie);
		return "redirect:/dashboard";
	}

	/**
	 * One user's dashboard.
	 *
	 * @param user the user
	 * @param articles how many articles they wrote
	 * @param views how often those were read
	 * @param top their most read articles
	 * @param computedAt when the numbers were computed
	 */
	record Dashboard(String user, long articles, long views, List<Article> top,
			String computedAt) implements Serializable {

	}

}
