package dev.cachette.web;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletResponse;

import dev.cachette.cache.Cache;
import dev.cachette.cache.Caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The page cache behind Spring Security. Security's {@code Cache-Control: no-cache,
 * no-store} stays on every response the page cache does not store, and gives way to
 * Cachette's headers on the pages it stores, with no header disabled by the application;
 * and because the fetch filter runs after Security's filters, a cached members-only page
 * is never served to an anonymous visitor.
 */
@SpringBootTest(classes = PageCacheSecurityTests.SecuredApplication.class,
		properties = { "caches.default.location=page-cache-security-tests", "cache-middleware.enabled=true" })
class PageCacheSecurityTests extends MockMvcPageTests {

	@Autowired
	private PageCacheStatistics statistics;

	private static String basic(String user) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":secret").getBytes());
	}

	@Test
	void storedPageGetsCachetteHeadersInsteadOfSecurityNoCache() throws Exception {
		MockHttpServletResponse first = response(get("/whoami"));
		assertThat(first.getHeader("Cache-Control")).isEqualTo("max-age=600").doesNotContain("no-store");
		assertThat(first.getHeader("Pragma")).isNull();
		assertThat(response(get("/whoami")).getContentAsString()).isEqualTo(first.getContentAsString());
	}

	@Test
	void responseNotStoredKeepsSecurityNoCacheHeaders() throws Exception {
		MockHttpServletResponse first = response(get("/set-cookie"));
		assertThat(first.getHeader("Cache-Control")).isEqualTo("no-cache, no-store, max-age=0, must-revalidate");
		assertThat(first.getHeader("Pragma")).isEqualTo("no-cache");
		assertThat(this.statistics.notCacheable()).containsKey("set-cookie");
		assertThat(response(get("/status?code=404")).getHeader("Cache-Control")).contains("no-store");
	}

	@Test
	void publicPageIsCachedWhenSecurityLeavesCacheControlToTheApplication() throws Exception {
		String first = response(get("/cache/test/?security=1")).getContentAsString();
		assertThat(response(get("/cache/test/?security=1")).getContentAsString()).isEqualTo(first);
	}

	@Test
	void cachedMembersPageIsNeverServedToAnAnonymousVisitor() throws Exception {
		MockHttpServletResponse alice = response(get("/members/news").header("Authorization", basic("alice")));
		assertThat(alice.getStatus()).isEqualTo(200);
		MockHttpServletResponse bob = response(get("/members/news").header("Authorization", basic("bob")));
		assertThat(bob.getContentAsString()).isEqualTo(alice.getContentAsString());
		MockHttpServletResponse anonymous = response(get("/members/news"));
		assertThat(anonymous.getStatus()).isEqualTo(401);
		assertThat(anonymous.getContentAsString()).doesNotContain("members news");
	}

	@Test
	void personalPageOfOneUserIsNeverServedToAnother() throws Exception {
		MockHttpServletResponse alice = response(get("/members/me").header("Authorization", basic("alice")));
		MockHttpServletResponse bob = response(get("/members/me").header("Authorization", basic("bob")));
		assertThat(alice.getContentAsString()).contains("alice");
		assertThat(bob.getContentAsString()).contains("bob").doesNotContain("alice");
	}

	/** The test application with Spring Security's auto-configuration. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ PageTestApplication.SiteController.class, PageTestApplication.ViewController.class, Members.class })
	static class SecuredApplication {

		@Bean
		@Order(1)
		SecurityFilterChain publicPages(HttpSecurity http) throws Exception {
			return http.securityMatcher("/cache/**")
				.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.headers((headers) -> headers.cacheControl((cacheControl) -> cacheControl.disable()))
				.build();
		}

		@Bean
		@Order(2)
		SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
			return http
				.authorizeHttpRequests(
						(requests) -> requests.requestMatchers("/members/**").authenticated().anyRequest().permitAll())
				.httpBasic(Customizer.withDefaults())
				.build();
		}

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}secret").roles("USER").build(),
					User.withUsername("bob").password("{noop}secret").roles("USER").build());
		}

	}

	/** Pages for signed-in members. */
	@RestController
	static class Members {

		@GetMapping("/members/news")
		String news(HttpServletResponse response) {
			response.setHeader("Cache-Control", "public, max-age=60");
			return "members news " + PageTestApplication.calls.incrementAndGet();
		}

		@GetMapping("/members/me")
		String me(java.security.Principal principal) {
			return "page of " + principal.getName() + " " + PageTestApplication.calls.incrementAndGet();
		}

	}

}
