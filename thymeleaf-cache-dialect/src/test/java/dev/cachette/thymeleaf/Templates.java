package dev.cachette.thymeleaf;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.thymeleaf.IEngineConfiguration;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.AbstractConfigurableTemplateResolver;
import org.thymeleaf.templateresource.ITemplateResource;
import org.thymeleaf.templateresource.StringTemplateResource;

import dev.cachette.cache.Cache;
import dev.cachette.cache.Caches;
import dev.cachette.cache.FakeClock;
import dev.cachette.cache.backend.locmem.LocMemCache;
import dev.cachette.cache.settings.CacheSettings;
import dev.cachette.metrics.FragmentCacheStatistics;

/**
 * A real {@link SpringTemplateEngine} with the {@link CacheDialect}, over templates held
 * in a map and locmem caches on a fake clock, each test with stores of its own.
 */
final class Templates {

	final FakeClock clock = new FakeClock();

	final FragmentCacheStatistics statistics = new FragmentCacheStatistics();

	private final Map<String, String> sources = new HashMap<>();

	private final Map<String, Cache> aliases = new LinkedHashMap<>();

	private SpringTemplateEngine engine;

	private CacheDialect dialect;

	private Caches caches;

	Templates() {
		withLocMem("default");
	}

	/** Adds a locmem alias with a store of its own. */
	Templates withLocMem(String alias) {
		return withLocMem(alias, Map.of());
	}

	/** Adds a locmem alias with a store of its own and options. */
	Templates withLocMem(String alias, Map<String, Object> options) {
		CacheSettings.Builder settings = CacheSettings.builder(alias)
			.location(alias + "-" + UUID.randomUUID())
			.clock(this.clock)
			.option("max-entries", 10_000);
		options.forEach(settings::option);
		this.aliases.put(alias, new LocMemCache(settings.build()));
		this.engine = null;
		return this;
	}

	Templates with(String alias, Cache cache) {
		this.aliases.put(alias, cache);
		this.engine = null;
		return this;
	}

	Templates template(String name, String source) {
		this.sources.put(name, source);
		return this;
	}

	Cache cache(String alias) {
		return caches().get(alias);
	}

	Caches caches() {
		engine();
		return this.caches;
	}

	SpringTemplateEngine engine() {
		if (this.engine == null) {
			this.caches = new Caches(this.aliases);
			SpringTemplateEngine engine = new SpringTemplateEngine();
			MapTemplateResolver resolver = new MapTemplateResolver(this.sources);
			engine.setTemplateResolver(resolver);
			this.dialect = new CacheDialect(this.caches, this.statistics, this.clock);
			engine.addDialect(this.dialect);
			this.engine = engine;
		}
		return this.engine;
	}

	CacheDialect dialect() {
		engine();
		return this.dialect;
	}

	String render(String template, Map<String, ?> variables) {
		Context context = new Context();
		context.setVariables(new HashMap<>(variables));
		return engine().process(template, context);
	}

	String render(String template) {
		return render(template, Map.of());
	}

	/** Resolves template names to the sources of the map. */
	static final class MapTemplateResolver extends AbstractConfigurableTemplateResolver {

		private final Map<String, String> sources;

		MapTemplateResolver(Map<String, String> sources) {
			this.sources = sources;
			setTemplateMode(TemplateMode.HTML);
			setCacheable(true);
			setCheckExistence(true);
		}

		@Override
		protected ITemplateResource computeTemplateResource(IEngineConfiguration configuration, String ownerTemplate,
				String template, String resourceName, String characterEncoding,
				Map<String, Object> templateResolutionAttributes) {
			String source = this.sources.get(template);
			return (source != null) ? new StringTemplateResource(source) : new MissingResource(template);
		}

	}

	private record MissingResource(String name) implements ITemplateResource {

		@Override
		public String getDescription() {
			return this.name;
		}

		@Override
		public String getBaseName() {
			return this.name;
		}

		@Override
		public boolean exists() {
			return false;
		}

		@Override
		public java.io.Reader reader() throws java.io.IOException {
			throw new java.io.FileNotFoundException(this.name);
		}

		@Override
		public ITemplateResource relative(String relativeLocation) {
			return new MissingResource(relativeLocation);
		}

	}

}
