package dev.cachette.invalidation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.relational.core.conversion.MutableAggregateChange;
import org.springframework.data.relational.core.mapping.event.AfterDeleteEvent;
import org.springframework.data.relational.core.mapping.event.AfterSaveEvent;
import org.springframework.data.relational.core.mapping.event.Identifier;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.cachette.autoconfigure.CachetteAutoConfiguration;
import dev.cachette.autoconfigure.CachetteInvalidationAutoConfiguration;
import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheUtils;
import dev.cachette.cache.Caches;
import dev.cachette.cache.FailingCache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Event-driven busts through the auto-configuration: what a rule deletes, and when (after
 * commit, never after a rollback), on local memory and a real H2 transaction manager.
 */
class CacheBustListenerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(CachetteAutoConfiguration.class, CachetteInvalidationAutoConfiguration.class))
		.withUserConfiguration(RulesConfiguration.class)
		.withPropertyValues("caches.default.location=busts-" + UUID.randomUUID(),
				"caches.template-fragments.backend=locmem",
				"caches.template-fragments.location=fragments-" + UUID.randomUUID());

	@Test
	void withoutATransaction_bustsAtOnce() {
		this.runner.run((context) -> {
			Cache cache = defaultCache(context);
			Cache fragments = fragmentCache(context);
			fill(cache, fragments);

			context.publishEvent(new Post("hello", "Hello"));

			assertThat(cache.<String>get("post_hello")).isNull();
			assertThat(cache.<String>get("post_list")).isNull();
			assertThat(fragments.<String>get(sidebarKey("hello"))).isNull();
			assertThat(cache.<String>get("post_other")).isEqualTo("kept");
		});
	}

	@Test
	void insideACommittedTransaction_bustsOnlyAfterTheCommit() {
		this.runner.run((context) -> {
			Cache cache = defaultCache(context);
			Cache fragments = fragmentCache(context);
			fill(cache, fragments);
			TransactionTemplate transaction = new TransactionTemplate(
					context.getBean(PlatformTransactionManager.class));

			CacheNamespace posts = new CacheNamespace(cache, "posts");
			cache.set(posts.key("page-1"), "old listing");

			transaction.executeWithoutResult((status) -> {
				context.publishEvent(new Post("hello", "Hello again"));
				// Not committed yet: a reader must still find the old entries.
				assertThat(cache.<String>get("post_hello")).isEqualTo("old");
				assertThat(fragments.<String>get(sidebarKey("hello"))).isEqualTo("<aside>old</aside>");
				assertThat(cache.<String>get(posts.key("page-1"))).isEqualTo("old listing");
			});

			assertThat(cache.<String>get("post_hello")).isNull();
			assertThat(fragments.<String>get(sidebarKey("hello"))).isNull();
			assertThat(cache.<String>get(posts.key("page-1"))).isNull();
		});
	}

	@Test
	void insideARolledBackTransaction_bustsNothing() {
		this.runner.run((context) -> {
			Cache cache = defaultCache(context);
			Cache fragments = fragmentCache(context);
			fill(cache, fragments);
			TransactionTemplate transaction = new TransactionTemplate(
					context.getBean(PlatformTransactionManager.class));

			CacheNamespace posts = new CacheNamespace(cache, "posts");
			cache.set(posts.key("page-1"), "old listing");

			transaction.executeWithoutResult((status) -> {
				context.publishEvent(new Post("hello", "Hello again"));
				status.setRollbackOnly();
			});

			assertThat(cache.<String>get(posts.key("page-1"))).isEqualTo("old listing");
			assertThat(cache.<String>get("post_hello")).isEqualTo("old");
			assertThat(cache.<String>get("post_list")).isEqualTo("old list");
			assertThat(fragments.<String>get(sidebarKey("hello"))).isEqualTo("<aside>old</aside>");
		});
	}

	@Test
	void springDataJdbcEvents_bustTheirEntity() {
		this.runner.run((context) -> {
			Cache cache = defaultCache(context);
			Post post = new Post("hello", "Hello");
			cache.set("post_hello", "old");
			context.publishEvent(new AfterSaveEvent<>(post, MutableAggregateChange.forSave(post)));
			assertThat(cache.<String>get("post_hello")).isNull();

			cache.set("post_hello", "old");
			context
				.publishEvent(new AfterDeleteEvent<>(Identifier.of(1L), post, MutableAggregateChange.forDelete(post)));
			assertThat(cache.<String>get("post_hello")).isNull();
		});
	}

	@Test
	void aDeleteByIdWithoutItsEntity_isIgnored() {
		this.runner.run((context) -> {
			Cache cache = defaultCache(context);
			cache.set("post_list", "old list");
			assertThatNoException().isThrownBy(() -> context.publishEvent(
					new AfterDeleteEvent<Post>(Identifier.of(1L), null, MutableAggregateChange.forDelete(Post.class))));
			assertThat(cache.<String>get("post_list")).isEqualTo("old list");
		});
	}

	@Test
	void otherTypes_areNotBusted() {
		this.runner.run((context) -> {
			Cache cache = defaultCache(context);
			cache.set("post_list", "old list");
			context.publishEvent("a string payload");
			assertThat(cache.<String>get("post_list")).isEqualTo("old list");
		});
	}

	@Test
	void aFailingRuleIsLogged_andTheOtherRulesStillRun() {
		this.runner.withUserConfiguration(FailingRuleConfiguration.class).run((context) -> {
			Cache cache = defaultCache(context);
			cache.set("post_hello", "old");
			assertThatNoException().isThrownBy(() -> context.publishEvent(new Post("hello", "Hello")));
			assertThat(cache.<String>get("post_hello")).isNull();
		});
	}

	@Test
	void aFailingCacheIsLogged_neverThrownIntoTheCommit() {
		List<String> pages = new ArrayList<>();
		CacheBustListener listener = new CacheBustListener(List.of(RulesConfiguration.rule()),
				new Caches(Map.of("default", new FailingCache())), (url) -> pages.add(url) ? 1 : 0,
				() -> "http://news.example", List.of());
		assertThatNoException().isThrownBy(() -> listener
			.onApplicationEvent(new org.springframework.context.PayloadApplicationEvent<>(this, new Post("a", "A"))));
		// The keys failed; the pages were still invalidated.
		assertThat(pages).containsExactly("http://news.example/posts/a", "http://news.example/");
	}

	@Test
	void pagePaths_resolveAgainstTheRequestAndTheConfiguredBaseUrls() {
		List<String> pages = new ArrayList<>();
		Caches caches = new Caches(Map.of("default", new FailingCache()));
		CacheBustRule<Post> rule = CacheBusts.on(Post.class)
			.pages((post) -> List.of("/posts/" + post.slug(), "https://other.example/feed?page=1"));
		CacheBustListener listener = new CacheBustListener(List.of(rule), caches, (url) -> pages.add(url) ? 1 : 0,
				() -> "http://localhost:8080", List.of("https://news.example/", "http://localhost:8080"));
		listener
			.onApplicationEvent(new org.springframework.context.PayloadApplicationEvent<>(this, new Post("a", "A")));
		assertThat(pages).containsExactly("http://localhost:8080/posts/a", "https://news.example/posts/a",
				"https://other.example/feed?page=1");
	}

	private static void fill(Cache cache, Cache fragments) {
		cache.set("post_hello", "old");
		cache.set("post_list", "old list");
		cache.set("post_other", "kept");
		fragments.set(sidebarKey("hello"), "<aside>old</aside>");
	}

	private static String sidebarKey(String slug) {
		return CacheUtils.makeTemplateFragmentKey("sidebar", List.of(slug));
	}

	private static Cache defaultCache(AssertableApplicationContext context) {
		return context.getBean(Caches.class).get("default");
	}

	private static Cache fragmentCache(AssertableApplicationContext context) {
		return context.getBean(Caches.class).get("template_fragments");
	}

	/**
	 * The changed entity.
	 *
	 * @param slug its key
	 * @param title its title
	 */
	record Post(String slug, String title) {

	}

	@Configuration(proxyBeanMethods = false)
	static class RulesConfiguration {

		static CacheBustRule<Post> rule() {
			return CacheBusts.on(Post.class)
				.keys((post) -> List.of("post_" + post.slug(), "post_list"))
				.fragments((post) -> List.of(CacheBusts.fragment("sidebar", post.slug())))
				.pages((post) -> List.of("/posts/" + post.slug(), "/"))
				.namespaces((post) -> List.of("posts"));
		}

		@Bean
		CacheBustRule<Post> postBusts() {
			return rule();
		}

		@Bean
		DataSource dataSource() {
			return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
				.setName("busts-" + UUID.randomUUID())
				.build();
		}

		@Bean
		PlatformTransactionManager transactionManager(DataSource dataSource) {
			return new DataSourceTransactionManager(dataSource);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingRuleConfiguration {

		@Bean
		CacheBustRule<Post> failingBusts() {
			return CacheBusts.on(Post.class).keys((post) -> {
				throw new IllegalStateException("broken rule");
			});
		}

	}

}
