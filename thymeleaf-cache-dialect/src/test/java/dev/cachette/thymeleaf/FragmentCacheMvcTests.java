package dev.cachette.thymeleaf;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.servlet.support.csrf.CsrfRequestDataValueProcessor;
import org.springframework.stereotype.Controller;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.RequestDataValueProcessor;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheLock;
import dev.cachette.cache.CacheUtils;
import dev.cachette.cache.Caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A real Spring MVC application: Boot's Thymeleaf auto-configuration with the dialect
 * from this module's auto-configuration, views rendered by {@code ThymeleafView}, Spring
 * Security's {@code CsrfFilter} and its form support in front.
 */
@SpringBootTest(properties = { "caches.default.backend=locmem", "caches.default.location=mvc-default",
		"caches.template-fragments.backend=locmem", "caches.template-fragments.location=mvc-fragments",
		"spring.thymeleaf.prefix=classpath:/templates/" })
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class FragmentCacheMvcTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private Caches caches;

	@Autowired
	private ArticleService articles;

	@BeforeEach
	void clear() {
		this.caches.all().forEach(Cache::clear);
	}

	@Test
	void costlyFragmentIsComputedOnceAcrossRequests() throws Exception {
		String first = this.mvc.perform(get("/articles").param("user", "ann"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		int calls = this.articles.calls;
		String second = this.mvc.perform(get("/articles").param("user", "ann"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(second).isEqualTo(first);
		assertThat(this.articles.calls).isEqualTo(calls);
		assertThat(first).contains("<li>Caching &amp; you</li>").contains("<p>Hello ann</p>");
		Cache fragments = this.caches.get("template_fragments");
		assertThat(fragments.hasKey(CacheUtils.makeTemplateFragmentKey("articles"))).isTrue();
		assertThat(fragments.hasKey(CacheUtils.makeTemplateFragmentKey("greeting", List.of("ann")))).isTrue();
		String bob = this.mvc.perform(get("/articles").param("user", "bob"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(bob).contains("<p>Hello bob</p>");
		assertThat(this.articles.calls).isEqualTo(calls);
	}

	@Test
	void formWithTheCsrfTokenIsNotStoredButItsCostlyPartIs(CapturedOutput output) throws Exception {
		MvcResult result = this.mvc.perform(get("/form")).andExpect(status().isOk()).andReturn();
		String html = result.getResponse().getContentAsString();
		assertThat(html).contains("name=\"_csrf\"");
		Cache fragments = this.caches.get("template_fragments");
		assertThat(fragments.hasKey(CacheUtils.makeTemplateFragmentKey("whole-form"))).isFalse();
		assertThat(fragments.hasKey(CacheUtils.makeTemplateFragmentKey("token-in-script"))).isFalse();
		assertThat(fragments.hasKey(CacheUtils.makeTemplateFragmentKey("form-options"))).isTrue();
		assertThat(output).contains("Fragment 'whole-form' of template 'form' was not cached");
		assertThat(output).contains("Fragment 'token-in-script' of template 'form' was not cached");
		// a second user gets their own token, and the cached options
		String other = this.mvc.perform(get("/form")).andReturn().getResponse().getContentAsString();
		assertThat(tokenOf(other)).isNotEqualTo(tokenOf(html));
	}

	@Test
	void aPageThatNeverUsesTheTokenCreatesNoSession() throws Exception {
		MvcResult result = this.mvc.perform(get("/articles").param("user", "ann")).andReturn();
		HttpServletRequest request = result.getRequest();
		assertThat(request.getSession(false)).isNull();
	}

	@Test
	void aTemplateThatThrowsReleasesItsFragmentLocksWhenTheRequestCompletes() {
		this.articles.failing = true;
		try {
			assertThatExceptionOfType(Exception.class)
				.isThrownBy(() -> this.mvc.perform(get("/articles").param("user", "ann")));
		}
		finally {
			this.articles.failing = false;
		}
		try (CacheLock lock = this.caches.get("template_fragments")
			.lock(CacheUtils.makeTemplateFragmentKey("articles"))) {
			assertThat(lock.acquired()).isTrue();
		}
	}

	private static String tokenOf(String html) {
		int start = html.indexOf("name=\"_csrf\" value=\"") + "name=\"_csrf\" value=\"".length();
		return html.substring(start, html.indexOf('"', start));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		ArticleService articleService() {
			return new ArticleService();
		}

		@Bean
		PageController pageController(ArticleService articles) {
			return new PageController(articles);
		}

		@Bean
		CsrfFilter csrfFilter() {
			return new CsrfFilter(new HttpSessionCsrfTokenRepository());
		}

		@Bean(name = "requestDataValueProcessor")
		RequestDataValueProcessor requestDataValueProcessor() {
			return new CsrfRequestDataValueProcessor();
		}

	}

	/** The costly call a cached fragment saves. */
	public static class ArticleService {

		volatile int calls;

		volatile boolean failing;

		public List<String> titles() {
			this.calls++;
			if (this.failing) {
				throw new IllegalStateException("database down");
			}
			return List.of("Caching & you", "Vary: Cookie");
		}

	}

	@Controller
	static class PageController {

		private final ArticleService articles;

		PageController(ArticleService articles) {
			this.articles = articles;
		}

		@GetMapping("/articles")
		String articles(@RequestParam String user, Model model) {
			model.addAttribute("user", user);
			model.addAttribute("articles", this.articles);
			return "articles";
		}

		@GetMapping("/form")
		String form(Model model) {
			model.addAttribute("articles", this.articles);
			return "form";
		}

	}

}
