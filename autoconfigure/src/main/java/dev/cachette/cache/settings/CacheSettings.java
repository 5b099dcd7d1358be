package dev.cachette.cache.settings;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

import dev.cachette.cache.Cache;
import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.KeyFunction;
import dev.cachette.cache.serialization.AllowList;
import dev.cachette.cache.serialization.JavaSerializer;
import dev.cachette.cache.serialization.Serializer;

/**
 * The settings of one alias, as a backend receives them: Django's {@code CACHES[alias]}
 * after defaults are applied. Immutable.
 *
 * <p>
 * This is the constructor contract of a custom backend: a class named in
 * {@code caches.<alias>.backend} must have a public constructor taking one
 * {@code CacheSettings} (Django passes {@code (location, params)}). It usually extends
 * {@code BaseCache} and passes the settings on.
 *
 * <p>
 * Option names are matched loosely, as Spring's relaxed binding does: case, dashes and
 * underscores do not matter, so {@code MAX_ENTRIES}, {@code max-entries} and
 * {@code maxEntries} are one option.
 */
public final class CacheSettings {

	/** Django's default timeout, 300 seconds. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);

	private final String alias;

	private final String backend;

	private final List<String> locations;

	private final Duration timeout;

	private final String keyPrefix;

	private final int version;

	private final KeyFunction keyFunction;

	private final Map<String, Object> options;

	private final Serializer serializer;

	private final Clock clock;

	private final Executor executor;

	private CacheSettings(Builder builder) {
		this.alias = builder.alias;
		this.backend = builder.backend;
		this.locations = List.copyOf(builder.locations);
		this.timeout = builder.timeout;
		this.keyPrefix = builder.keyPrefix;
		this.version = builder.version;
		this.keyFunction = builder.keyFunction;
		this.options = Map.copyOf(builder.options);
		this.serializer = (builder.serializer != null) ? builder.serializer : new JavaSerializer(AllowList.defaults());
		this.clock = builder.clock;
		this.executor = builder.executor;
	}

	/**
	 * Starts settings for an alias, with Django's defaults: no location, 300 seconds, no
	 * prefix, version 1, the default key function, the Java serializer with the default
	 * allow-list, the system clock.
	 * @param alias the alias name
	 * @return a builder
	 */
	public static Builder builder(String alias) {
		return new Builder(alias);
	}

	/**
	 * Returns a builder holding these settings, to derive changed ones.
	 * @return a builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder(this.alias).backend(this.backend)
			.locations(this.locations)
			.timeout(this.timeout)
			.keyPrefix(this.keyPrefix)
			.version(this.version)
			.keyFunction(this.keyFunction)
			.serializer(this.serializer)
			.clock(this.clock)
			.executor(this.executor);
		builder.options.putAll(this.options);
		return builder;
	}

	/**
	 * The alias name.
	 * @return the alias
	 */
	public String alias() {
		return this.alias;
	}

	/**
	 * The backend as configured ({@code locmem}, a Django path, or a class name).
	 * @return the backend
	 */
	public String backend() {
		return this.backend;
	}

	/**
	 * The locations; empty when unset, several for replicas or memcached servers.
	 * @return the locations
	 */
	public List<String> locations() {
		return this.locations;
	}

	/**
	 * The first location, or the empty string when unset (Django's {@code LOCATION}
	 * default).
	 * @return the location
	 */
	public String location() {
		return this.locations.isEmpty() ? "" : this.locations.get(0);
	}

	/**
	 * The default timeout: positive, {@link Cache#FOREVER}, or zero meaning "do not
	 * store".
	 * @return the timeout
	 */
	public Duration timeout() {
		return this.timeout;
	}

	/**
	 * The key prefix, empty when unset.
	 * @return the key prefix
	 */
	public String keyPrefix() {
		return this.keyPrefix;
	}

	/**
	 * The default version.
	 * @return the version
	 */
	public int version() {
		return this.version;
	}

	/**
	 * The key function.
	 * @return the key function
	 */
	public KeyFunction keyFunction() {
		return this.keyFunction;
	}

	/**
	 * The serializer for values stored as bytes.
	 * @return the serializer
	 */
	public Serializer serializer() {
		return this.serializer;
	}

	/**
	 * The clock expiry is measured with; tests pass a fake one.
	 * @return the clock
	 */
	public Clock clock() {
		return this.clock;
	}

	/**
	 * The executor asynchronous operations of network backends run on.
	 * @return the executor
	 */
	public Executor executor() {
		return this.executor;
	}

	/**
	 * The backend-specific options, keyed by their normalized names (lower case, without
	 * dashes or underscores).
	 * @return the options
	 */
	public Map<String, Object> options() {
		return this.options;
	}

	/**
	 * Returns an option's raw value.
	 * @param name the option name, any spelling
	 * @return the value, or {@code null} when unset
	 */
	public @Nullable Object option(String name) {
		return this.options.get(normalizeOptionName(name));
	}

	/**
	 * Returns an integer option.
	 * @param name the option name
	 * @param defaultValue the value when unset
	 * @return the value
	 * @throws InvalidCacheBackendException naming the alias and option if the value is
	 * not an integer
	 */
	public int intOption(String name, int defaultValue) {
		Object value = option(name);
		if (value == null) {
			return defaultValue;
		}
		if (value instanceof Number number) {
			return number.intValue();
		}
		try {
			return Integer.parseInt(value.toString().trim());
		}
		catch (NumberFormatException ex) {
			throw invalidOption(name, value, "an integer");
		}
	}

	/**
	 * Returns a boolean option ({@code true} or {@code false}).
	 * @param name the option name
	 * @param defaultValue the value when unset
	 * @return the value
	 * @throws InvalidCacheBackendException if the value is neither {@code true} nor
	 * {@code false}
	 */
	public boolean booleanOption(String name, boolean defaultValue) {
		Object value = option(name);
		if (value == null) {
			return defaultValue;
		}
		String text = value.toString().trim().toLowerCase(Locale.ROOT);
		return switch (text) {
			case "true" -> true;
			case "false" -> false;
			default -> throw invalidOption(name, value, "true or false");
		};
	}

	/**
	 * Returns a duration option: a number of seconds, or a Spring duration such as
	 * {@code 500ms}, {@code 5s} or {@code PT5S}.
	 * @param name the option name
	 * @param defaultValue the value when unset
	 * @return the value
	 * @throws InvalidCacheBackendException if the value is not a duration
	 */
	public Duration durationOption(String name, Duration defaultValue) {
		Object value = option(name);
		if (value == null) {
			return defaultValue;
		}
		try {
			return parseDuration(value.toString());
		}
		catch (IllegalArgumentException ex) {
			throw invalidOption(name, value, "seconds or a duration such as 500ms, 5s, PT5S");
		}
	}

	/**
	 * Returns a string option.
	 * @param name the option name
	 * @param defaultValue the value when unset
	 * @return the value
	 */
	public String stringOption(String name, String defaultValue) {
		Object value = option(name);
		return (value != null) ? value.toString() : defaultValue;
	}

	/**
	 * Returns a list option: a YAML list, a map bound from one ({@code 0: a, 1: b}), or a
	 * comma-separated string.
	 * @param name the option name
	 * @return the values, empty when unset
	 */
	public List<String> listOption(String name) {
		Object value = option(name);
		if (value == null) {
			return List.of();
		}
		if (value instanceof Map<?, ?> map) {
			return map.values().stream().map(String::valueOf).toList();
		}
		if (value instanceof Iterable<?> iterable) {
			List<String> result = new java.util.ArrayList<>();
			iterable.forEach((item) -> result.add(String.valueOf(item)));
			return result;
		}
		return java.util.Arrays.stream(value.toString().split(","))
			.map(String::trim)
			.filter((item) -> !item.isEmpty())
			.toList();
	}

	/**
	 * Creates the startup error for a bad option value, in the form
	 * {@code caches.<alias>.options.<name> must be <expected> (was <value>)}, followed,
	 * where Django accepts the value, by what Django does with it (a {@code max-entries}
	 * that is not an integer falls back to 300, a negative one culls on every write; a
	 * {@code cull-frequency} that is not an integer falls back to 3): Cachette refuses
	 * such values at startup rather than guess.
	 * @param name the option name as documented
	 * @param value the bad value
	 * @param expected what is valid
	 * @return the exception to throw
	 */
	public InvalidCacheBackendException invalidOption(String name, @Nullable Object value, String expected) {
		return new InvalidCacheBackendException("caches." + this.alias + ".options." + name + " must be " + expected
				+ " (was '" + value + "')" + djangoWouldAccept(normalizeOptionName(name), value));
	}

	/** What Django's {@code BaseCache.__init__} does with a value Cachette refuses. */
	private static String djangoWouldAccept(String option, @Nullable Object value) {
		boolean integer = value instanceof Number || (value != null && value.toString().trim().matches("[-+]?\\d+"));
		if (option.equals("maxentries")) {
			if (!integer) {
				return "; Django would use 300 instead, Cachette refuses to guess";
			}
			if (value.toString().trim().startsWith("-")) {
				return "; Django would accept it and cull on every write, Cachette refuses it";
			}
		}
		if (option.equals("cullfrequency") && !integer) {
			return "; Django would use 3 instead, Cachette refuses to guess";
		}
		return "";
	}

	/**
	 * Normalizes an option name for matching: lower case without dashes or underscores.
	 * @param name the name in any spelling
	 * @return the normalized name
	 */
	public static String normalizeOptionName(String name) {
		StringBuilder result = new StringBuilder(name.length());
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c != '-' && c != '_') {
				result.append(Character.toLowerCase(c));
			}
		}
		return result.toString();
	}

	/**
	 * Parses a timeout as Django and Spring users write it: a number of seconds,
	 * {@code none}/{@code null}/{@code forever} for never, or a Spring duration
	 * ({@code 10m}, {@code PT10M}).
	 * @param text the timeout
	 * @return the duration, {@link Cache#FOREVER} for never
	 * @throws IllegalArgumentException if the text is none of these
	 */
	public static Duration parseTimeout(String text) {
		String trimmed = text.trim();
		String lower = trimmed.toLowerCase(Locale.ROOT);
		if (lower.equals("none") || lower.equals("null") || lower.equals("forever") || lower.equals("~")) {
			return Cache.FOREVER;
		}
		return parseDuration(trimmed);
	}

	private static Duration parseDuration(String text) {
		String trimmed = text.trim();
		try {
			return Duration.ofMillis(Math.round(Double.parseDouble(trimmed) * 1000));
		}
		catch (NumberFormatException ex) {
			return DurationStyle.detectAndParse(trimmed);
		}
	}

	/** Builds {@link CacheSettings}. */
	public static final class Builder {

		private final String alias;

		private String backend = "locmem";

		private List<String> locations = List.of();

		private Duration timeout = DEFAULT_TIMEOUT;

		private String keyPrefix = "";

		private int version = 1;

		private KeyFunction keyFunction = KeyFunction.DEFAULT;

		private final Map<String, Object> options = new LinkedHashMap<>();

		private @Nullable Serializer serializer;

		private Clock clock = Clock.systemUTC();

		private Executor executor = ForkJoinPool.commonPool();

		private Builder(String alias) {
			this.alias = Objects.requireNonNull(alias, "alias");
		}

		/**
		 * Sets the backend name.
		 * @param backend the backend
		 * @return this builder
		 */
		public Builder backend(String backend) {
			this.backend = backend;
			return this;
		}

		/**
		 * Sets one location.
		 * @param location the location
		 * @return this builder
		 */
		public Builder location(String location) {
			this.locations = List.of(location);
			return this;
		}

		/**
		 * Sets the locations.
		 * @param locations the locations
		 * @return this builder
		 */
		public Builder locations(List<String> locations) {
			this.locations = List.copyOf(locations);
			return this;
		}

		/**
		 * Sets the default timeout.
		 * @param timeout positive, {@link Cache#FOREVER}, or zero/negative for "do not
		 * store"
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * Sets the key prefix.
		 * @param keyPrefix the prefix
		 * @return this builder
		 */
		public Builder keyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
			return this;
		}

		/**
		 * Sets the default version.
		 * @param version the version
		 * @return this builder
		 */
		public Builder version(int version) {
			this.version = version;
			return this;
		}

		/**
		 * Sets the key function.
		 * @param keyFunction the key function
		 * @return this builder
		 */
		public Builder keyFunction(KeyFunction keyFunction) {
			this.keyFunction = keyFunction;
			return this;
		}

		/**
		 * Sets an option.
		 * @param name the option name, any spelling
		 * @param value the value
		 * @return this builder
		 */
		public Builder option(String name, Object value) {
			this.options.put(normalizeOptionName(name), value);
			return this;
		}

		/**
		 * Sets several options.
		 * @param options the options, names in any spelling
		 * @return this builder
		 */
		public Builder options(Map<String, ?> options) {
			options.forEach(this::option);
			return this;
		}

		/**
		 * Sets the serializer.
		 * @param serializer the serializer
		 * @return this builder
		 */
		public Builder serializer(Serializer serializer) {
			this.serializer = serializer;
			return this;
		}

		/**
		 * Sets the clock.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Sets the executor for asynchronous operations.
		 * @param executor the executor
		 * @return this builder
		 */
		public Builder executor(Executor executor) {
			this.executor = executor;
			return this;
		}

		/**
		 * Builds the settings.
		 * @return the settings
		 */
		public CacheSettings build() {
			return new CacheSettings(this);
		}

	}

}
