package dev.cachette.thymeleaf;

import java.net.URI;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.Filter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheUtils;
import dev.cachette.cache.Caches;
import dev.cachette.web.security.Browser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fragments with two real users: form login through Spring Security (its generated login
 * page, its CSRF filter with the session repository, its form support) on a real Tomcat,
 * a {@link Browser} per user. A fragment that varies on the signed-in user shows each
 * user their own, from the cache after the first time; fragments holding the CSRF token
 * (a {@code th:action} form, an inline script) are never stored, so no user receives
 * another's token, and bob cannot post with alice's.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "caches.default.backend=locmem", "caches.default.location=two-user-default",
				"caches.template-fragments.backend=locmem", "caches.template-fragments.location=two-user-fragments",
				"spring.thymeleaf.prefix=classpath:/templates/" })
class TwoUserFragmentTests {

	@LocalServerPort
	private int port;

	@Autowired
	private Caches caches;

	private final List<Browser> everyone = new ArrayList<>();

	private Browser alice;

	private Browser bob;

	@BeforeEach
	void logIn() throws Exception {
		this.caches.all().forEach(Cache::clear);
		URI base = URI.create("http://localhost:" + this.port);
		this.alice = new Browser("alice", base, this.everyone).logIn("alice-password", false);
		this.bob = new Browser("bob", base, this.everyone).logIn("bob-password", false);
	}

	@Test
	void fragmentVaryingOnTheUserShowsEachUserTheirOwn() throws Exception {
		List<String> alicesGreetings = new ArrayList<>();
		for (Browser user : List.of(this.alice, this.bob, this.bob, this.alice, this.alice, this.bob)) {
			HttpResponse<String> response = user.get("/two-users");
			assertThat(response.statusCode()).isEqualTo(200);
			String greeting = greeting(response.body());
			assertThat(greeting).startsWith("user=" + user.name() + " ");
			if (user == this.alice) {
				alicesGreetings.add(greeting);
			}
		}
		assertThat(alicesGreetings).as("alice's greeting rendered once, then from the cache")
			.containsOnly(alicesGreetings.get(0));
		Cache fragments = this.caches.get("template_fragments");
		assertThat(fragments.hasKey(CacheUtils.makeTemplateFragmentKey("greeting", List.of("alice")))).isTrue();
		assertThat(fragments.hasKey(CacheUtils.makeTemplateFragmentKey("greeting", List.of("bob")))).isTrue();
	}

	@Test
	void fragmentsHoldingTheCsrfTokenAreNeverStored() throws Exception {
		for (Browser user : List.of(this.alice, this.bob, this.alice, this.bob)) {
			int tokens = user.csrfTokens().size();
			assertThat(user.get("/two-users").statusCode()).isEqualTo(200);
			assertThat(user.csrfTokens()).as("form and script tokens of " + user + "'s own")
				.hasSizeGreaterThanOrEqualTo(tokens + 2);
		}
		Cache fragments = this.caches.get("template_fragments");
		assertThat(fragments.hasKey(CacheUtils.makeTemplateFragmentKey("echo-form"))).isFalse();
		assertThat(fragments.hasKey(CacheUtils.makeTemplateFragmentKey("token-script"))).isFalse();
		HttpResponse<String> stolen = this.bob.post("/echo",
				Map.of("message", "hi", "_csrf", this.alice.lastCsrfToken()));
		assertThat(stolen.statusCode()).isEqualTo(403);
		HttpResponse<String> own = this.bob.post("/echo", Map.of("message", "hi", "_csrf", this.bob.lastCsrfToken()));
		assertThat(own.statusCode()).isEqualTo(200);
	}

	private static String greeting(String body) {
		int start = body.indexOf("user=");
		return body.substring(start, body.indexOf('<', start));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableWebSecurity
	static class App {

		@Bean
		SecurityFilterChain security(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.formLogin((form) -> form.defaultSuccessUrl("/home", true))
				.build();
		}

		/**
		 * Where Boot's security auto-configuration would put the chain, under Cachette's.
		 */
		@Bean
		FilterRegistrationBean<Filter> securityFilterRegistration(
				@Qualifier("springSecurityFilterChain") Filter springSecurityFilterChain) {
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(springSecurityFilterChain);
			registration.setOrder(-100);
			return registration;
		}

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}alice-password").roles("USER").build(),
					User.withUsername("bob").password("{noop}bob-password").roles("USER").build());
		}

		@Bean
		TwoUserController twoUserController() {
			return new TwoUserController();
		}

	}

	@Controller
	static class TwoUserController {

		private final AtomicInteger renders = new AtomicInteger();

		@GetMapping("/two-users")
		String page(Principal principal, Model model) {
			model.addAttribute("user", principal.getName());
			model.addAttribute("count", this.renders.incrementAndGet());
			return "two-users";
		}

		@GetMapping("/home")
		@ResponseBody
		String home() {
			return "home";
		}

		@PostMapping("/echo")
		@ResponseBody
		String echo(Principal principal, @RequestParam String message) {
			return "posted by user=" + principal.getName() + " : " + message;
		}

	}

}
