package dev.cachette.web.security;

import java.security.Principal;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.annotation.Secured;
import org.springframework.security.access.prepost.PostAuthorize;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.RestController;

import dev.cachette.web.CachePage;

/**
 * The pages of {@link SecuredApplication}. Each body names its user ({@code user=alice},
 * {@code user=anonymous}) or, on a page the same for everyone, no user at all, and
 * carries a render count ({@code #12}) so that a test tells a page served from the cache
 * from one rendered again. Forms render {@code security/form.html}, which puts the CSRF
 * token in the place {@code in} names.
 */
final class SecuredPages {

	static final AtomicInteger renders = new AtomicInteger();

	/**
	 * The body of a page that names nobody: what an administrator's report looks like.
	 */
	static final String REPORT = "secret report";

	private SecuredPages() {
	}

	static String personal(@Nullable Principal principal) {
		return "user=" + name(principal) + " #" + renders.incrementAndGet();
	}

	static String name(@Nullable Principal principal) {
		return (principal != null) ? principal.getName() : "anonymous";
	}

	static String form(@Nullable Principal principal, String in, String action, Model model) {
		model.addAttribute("user", name(principal));
		model.addAttribute("in", in);
		model.addAttribute("action", action);
		model.addAttribute("count", renders.incrementAndGet());
		return "security/form";
	}

	/** {@code @CachePage} on a controller without advice: served by the interceptor. */
	@Controller
	static class CachePageController {

		@CachePage(timeout = 60)
		@GetMapping({ "/cp/me", "/cookie-csrf/me" })
		@ResponseBody
		String me(Principal principal) {
			return personal(principal);
		}

		@CachePage(timeout = 60, shared = true)
		@GetMapping("/cp/shared")
		@ResponseBody
		String shared(@Nullable Principal principal) {
			// Reads the user, and is declared the same for everyone anyway.
			return "shared news for everyone #" + renders.incrementAndGet();
		}

		@CachePage(timeout = 60)
		@GetMapping("/cp/form")
		String form(@Nullable Principal principal, @RequestParam String in, Model model) {
			return SecuredPages.form(principal, in, "/cp/echo", model);
		}

		@CachePage(timeout = 60, shared = true)
		@GetMapping("/cp/shared-form")
		String sharedForm(@Nullable Principal principal, @RequestParam String in, Model model) {
			return SecuredPages.form(principal, in, "/cp/echo", model);
		}

		@CachePage(timeout = 60)
		@GetMapping("/cookie-csrf/form")
		String cookieForm(@Nullable Principal principal, @RequestParam String in, Model model) {
			return SecuredPages.form(principal, in, "/cookie-csrf/echo", model);
		}

		@PostMapping({ "/cp/echo", "/cookie-csrf/echo" })
		@ResponseBody
		String echo(Principal principal, @RequestParam String message) {
			return "posted by " + personal(principal) + ": " + message;
		}

		@GetMapping("/home")
		@ResponseBody
		String home(Principal principal) {
			return "home of " + personal(principal);
		}

	}

	/**
	 * {@code @CachePage} behind method security: served from inside the controller's
	 * proxy, after the access check. The administrator's pages are shared, so one entry
	 * answers every user's key and only the access check stands between bob and carol's
	 * page.
	 */
	@Controller
	static class MethodSecurityController {

		@PreAuthorize("hasRole('ADMIN')")
		@CachePage(timeout = 60, shared = true)
		@GetMapping("/ms/admin-above")
		@ResponseBody
		String adminAbove() {
			return report();
		}

		@CachePage(timeout = 60, shared = true)
		@PreAuthorize("hasRole('ADMIN')")
		@GetMapping("/ms/admin-below")
		@ResponseBody
		String adminBelow() {
			return report();
		}

		@Secured("ROLE_ADMIN")
		@CachePage(timeout = 60, shared = true)
		@GetMapping("/ms/secured")
		@ResponseBody
		String secured() {
			return report();
		}

		@RolesAllowed("ADMIN")
		@CachePage(timeout = 60, shared = true)
		@GetMapping("/ms/roles-allowed")
		@ResponseBody
		String rolesAllowed() {
			return report();
		}

		@SecuredApplication.AliceOnly
		@CachePage(timeout = 60, shared = true)
		@GetMapping("/ms/custom")
		@ResponseBody
		String custom() {
			return report();
		}

		@PreAuthorize("isAuthenticated()")
		@CachePage(timeout = 60)
		@GetMapping("/ms/me")
		@ResponseBody
		String me(Principal principal) {
			return personal(principal);
		}

		@PreAuthorize("permitAll()")
		@CachePage(timeout = 60)
		@GetMapping("/ms/form")
		String form(@Nullable Principal principal, @RequestParam String in, Model model) {
			return SecuredPages.form(principal, in, "/cp/echo", model);
		}

		private static String report() {
			return REPORT + " #" + renders.incrementAndGet();
		}

	}

	/**
	 * Pages without {@code @CachePage}: cached by a URL pattern or by the per-site cache.
	 */
	@Controller
	static class PlainController {

		@GetMapping({ "/pattern/me", "/site/me" })
		@ResponseBody
		String me(Principal principal) {
			return personal(principal);
		}

		@GetMapping({ "/pattern/guarded", "/site/guarded" })
		@ResponseBody
		String guarded(Principal principal) {
			return personal(principal);
		}

		@GetMapping({ "/pattern-shared/guarded", "/site/shared-guarded" })
		@ResponseBody
		String sharedGuarded(HttpServletResponse response) {
			// The same for everyone: only the interceptor keeps bob out.
			response.setHeader("Cache-Control", "public");
			return REPORT + " #" + renders.incrementAndGet();
		}

		@GetMapping({ "/pattern/form", "/pattern-shared/form", "/site/form", "/cookie-csrf/pattern/form",
				"/cookie-csrf/plain-form" })
		String form(@Nullable Principal principal, @RequestParam String in, Model model) {
			return SecuredPages.form(principal, in, "/cp/echo", model);
		}

	}

	/** Method security on pages the per-site cache stores. */
	@Controller
	static class SiteMethodSecurityController {

		@PreAuthorize("hasRole('ADMIN')")
		@GetMapping("/site/admin")
		@ResponseBody
		String admin(HttpServletResponse response) {
			response.setHeader("Cache-Control", "public");
			return REPORT + " #" + renders.incrementAndGet();
		}

		@PostAuthorize("authentication.name == 'carol'")
		@GetMapping("/site/post-authorized-report")
		@ResponseBody
		String postAuthorizedReport(HttpServletResponse response) {
			response.setHeader("Cache-Control", "public");
			return REPORT + " #" + renders.incrementAndGet();
		}

		@PostAuthorize("returnObject.contains(authentication.name)")
		@GetMapping("/site/post-authorized")
		@ResponseBody
		String postAuthorized(Principal principal) {
			return personal(principal);
		}

	}

	/** The bearer-token API. */
	@RestController
	static class ApiController {

		@CachePage(timeout = 60)
		@GetMapping("/api/me")
		String me(Principal principal) {
			return personal(principal);
		}

	}

}
