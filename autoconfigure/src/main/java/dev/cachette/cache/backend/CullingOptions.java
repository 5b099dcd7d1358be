package dev.cachette.cache.backend;

import dev.cachette.cache.InvalidCacheBackendException;
import dev.cachette.cache.settings.CacheSettings;

/**
 * The options of Django's {@code _cull}, read once: {@code max-entries} (300) and
 * {@code cull-frequency} (3), for the backends that bound their store (local memory,
 * file, database). Django's {@code BaseCache.__init__} reads the same two options.
 *
 * @param maxEntries the entries past which a write culls
 * @param cullFrequency a cull deletes {@code 1/cullFrequency} of the entries; 0 deletes
 * them all
 */
public record CullingOptions(int maxEntries, int cullFrequency) {

	/** Django's default {@code MAX_ENTRIES}. */
	public static final int DEFAULT_MAX_ENTRIES = 300;

	/** Django's default {@code CULL_FREQUENCY}. */
	public static final int DEFAULT_CULL_FREQUENCY = 3;

	/**
	 * Reads {@code max-entries} and {@code cull-frequency} from an alias's options.
	 * @param settings the alias settings
	 * @return the options, Django's defaults where unset
	 * @throws InvalidCacheBackendException naming the alias and the option if either is
	 * not an integer or is negative
	 */
	public static CullingOptions of(CacheSettings settings) {
		return new CullingOptions(nonNegative(settings, "max-entries", DEFAULT_MAX_ENTRIES),
				nonNegative(settings, "cull-frequency", DEFAULT_CULL_FREQUENCY));
	}

	private static int nonNegative(CacheSettings settings, String option, int defaultValue) {
		int value = settings.intOption(option, defaultValue);
		if (value < 0) {
			throw settings.invalidOption(option, value, "zero or more");
		}
		return value;
	}

	/**
	 * How many of {@code count} entries a cull deletes: all of them when
	 * {@code cull-frequency} is 0, else {@code count / cull-frequency}, rounded down.
	 * @param count the entries in the store
	 * @return how many to delete
	 */
	public int toCull(int count) {
		return (this.cullFrequency == 0) ? count : count / this.cullFrequency;
	}

}
