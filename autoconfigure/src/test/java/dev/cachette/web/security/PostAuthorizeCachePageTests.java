package dev.cachette.web.security;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PostAuthorize;
import org.springframework.security.access.prepost.PostFilter;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.cachette.autoconfigure.CachetteAutoConfiguration;
import dev.cachette.autoconfigure.CachetteWebAutoConfiguration;
import dev.cachette.web.CachePage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @CachePage} method whose access check decides on what it returns
 * ({@code @PostAuthorize}, {@code @PostFilter}) stops the application at start-up, with a
 * message naming the method: a cached page returns nothing to decide on. Checks before
 * the method start as usual.
 */
class PostAuthorizeCachePageTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CachetteAutoConfiguration.class, CachetteWebAutoConfiguration.class))
		.withPropertyValues("caches.default.backend=locmem");

	@Test
	void postAuthorizeOnACachePageMethodFailsNamingIt() {
		assertFailsNaming(PostAuthorizedReport.class, "report", "@PostAuthorize");
	}

	@Test
	void postFilterOnACachePageMethodFailsNamingIt() {
		assertFailsNaming(PostFilteredReports.class, "reports", "@PostFilter");
	}

	private void assertFailsNaming(Class<?> controller, String method, String check) {
		this.runner.withUserConfiguration(WithController.class, controller)
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining(controller.getName() + "." + method)
				.hasMessageContaining(check));
	}

	@Test
	void preAuthorizeOnACachePageMethodStarts() {
		this.runner.withUserConfiguration(WithController.class, PreAuthorizedReport.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableMethodSecurity
	static class WithController {

	}

	@RestController
	static class PostAuthorizedReport {

		@PostAuthorize("returnObject.contains(authentication.name)")
		@CachePage(timeout = 60)
		@GetMapping("/report")
		String report(Principal principal) {
			return "report of " + principal.getName();
		}

	}

	@RestController
	static class PostFilteredReports {

		@CachePage(timeout = 60)
		@PostFilter("filterObject.contains(authentication.name)")
		@GetMapping("/reports")
		List<String> reports() {
			return new ArrayList<>(List.of("alice's", "bob's"));
		}

	}

	@RestController
	static class PreAuthorizedReport {

		@PreAuthorize("isAuthenticated()")
		@CachePage(timeout = 60)
		@GetMapping("/report")
		String report(Principal principal) {
			return "report of " + principal.getName();
		}

	}

}
