package dev.cachette.autoconfigure;

import java.io.PrintStream;
import java.util.function.IntConsumer;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

import dev.cachette.cache.Cache;
import dev.cachette.cache.Caches;
import dev.cachette.cache.backend.db.DatabaseCache;

/**
 * Django's {@code manage.py createcachetable}, as a one-shot run of the application:
 * {@code java -jar app.jar --cachette.createcachetable} creates the table of every alias
 * that uses the {@code database} backend (leaving existing tables untouched), prints what
 * it did, and exits; {@code --dry-run} (or {@code --cachette.createcachetable=dry-run})
 * prints the SQL instead. {@link CreateCacheTableEnvironmentPostProcessor} keeps the web
 * server from starting for such a run.
 */
final class CreateCacheTableRunner implements ApplicationRunner, Ordered {

	/** The property that asks for the command. */
	static final String PROPERTY = "cachette.createcachetable";

	private final Caches caches;

	private final ConfigurableApplicationContext context;

	private final PrintStream out;

	private final IntConsumer exit;

	CreateCacheTableRunner(Caches caches, ConfigurableApplicationContext context, PrintStream out, IntConsumer exit) {
		this.caches = caches;
		this.context = context;
		this.out = out;
		this.exit = exit;
	}

	@Override
	public int getOrder() {
		// Before the application's own runners, which may already use the cache.
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void run(ApplicationArguments args) {
		boolean dryRun = args.containsOption("dry-run")
				|| "dry-run".equalsIgnoreCase(this.context.getEnvironment().getProperty(PROPERTY, "").trim());
		int tables = 0;
		for (String alias : this.caches.aliases()) {
			Cache cache = this.caches.get(alias);
			if (cache instanceof DatabaseCache database) {
				database.createTable(dryRun, this.out::println);
				tables++;
			}
		}
		if (tables == 0) {
			this.out.println("No cache alias uses the database backend; there is no cache table to create.");
		}
		this.out.flush();
		this.exit.accept(SpringApplication.exit(this.context, () -> 0));
	}

}
