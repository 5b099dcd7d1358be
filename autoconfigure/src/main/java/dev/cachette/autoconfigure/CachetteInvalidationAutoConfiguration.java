package dev.cachette.autoconfigure;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.cachette.cache.Caches;
import dev.cachette.invalidation.CacheBustRule;
import dev.cachette.invalidation.CacheBusts;
import dev.cachette.invalidation.CacheNamespaces;
import dev.cachette.invalidation.CacheWarmer;
import dev.cachette.invalidation.CacheWarming;
import dev.cachette.invalidation.PageInvalidator;
import dev.cachette.invalidation.WarmingContext;
import dev.cachette.web.PageCaches;

/**
 * Invalidation and warming: versioned {@link CacheNamespaces}, the listener that runs the
 * {@link CacheBustRule} beans after commit, and {@link CacheWarming} for the
 * {@link CacheWarmer} beans. Each bean backs off when the application defines its own.
 */
@AutoConfiguration(after = { CachetteAutoConfiguration.class, CachetteWebAutoConfiguration.class })
@ConditionalOnBean(Caches.class)
@EnableConfigurationProperties({ CachetteInvalidationProperties.class, CachetteWarmingProperties.class })
public final class CachetteInvalidationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CacheNamespaces cacheNamespaces(Caches caches) {
		return new CacheNamespaces(caches);
	}

	@Bean
	@ConditionalOnMissingBean(type = "dev.cachette.invalidation.CacheBustListener")
	@ConditionalOnBean(CacheBustRule.class)
	ApplicationListener<ApplicationEvent> cacheBustListener(ObjectProvider<CacheBustRule<?>> rules, Caches caches,
			ObjectProvider<PageInvalidator> pages, ObjectProvider<ServletRequestBaseUrl> requestBaseUrl,
			CachetteInvalidationProperties properties) {
		ServletRequestBaseUrl servlet = requestBaseUrl.getIfAvailable();
		Supplier<@Nullable String> base = (servlet != null) ? servlet : () -> null;
		return CacheBusts.listener(rules.orderedStream().toList(), caches, pages.getIfAvailable(), base,
				properties.getBaseUrls());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(CacheWarmer.class)
	@ConditionalOnBooleanProperty(name = "cachette.warming.enabled", matchIfMissing = true)
	CacheWarming cacheWarming(ListableBeanFactory beans, Caches caches) {
		return new CacheWarming(beans.getBeansOfType(CacheWarmer.class), new WarmingContext(caches));
	}

	/**
	 * Pages by URL, and the request's base URL, when Spring MVC's page cache is there.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "jakarta.servlet.http.HttpServletRequest",
			"org.springframework.web.context.request.RequestContextHolder" })
	static class PageConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(PageCaches.class)
		PageInvalidator cachetteBustPageInvalidator(PageCaches pageCaches) {
			return pageCaches::invalidatePage;
		}

		@Bean
		@ConditionalOnMissingBean
		ServletRequestBaseUrl cachetteRequestBaseUrl() {
			return new ServletRequestBaseUrl();
		}

	}

}
