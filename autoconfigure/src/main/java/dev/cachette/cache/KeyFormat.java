package dev.cachette.cache;

/**
 * How the page and fragment caches turn what a key varies on into the key's digest.
 *
 * <p>
 * {@link #DJANGO}, the default, is byte for byte Django's, so that a page or fragment
 * stored by Django (or by Cachette) is found, and can be deleted, by computing its key.
 * It carries two collisions that Django's keys have:
 * <ul>
 * <li>page keys hash the values of the request headers a page varies on one after the
 * other with nothing between them ({@code django.utils.cache._generate_cache_key}), so
 * {@code Accept-Language: ab} with {@code Cookie: c} has the key of
 * {@code Accept-Language: a} with {@code Cookie: bc}, and a missing header the key of an
 * empty one;</li>
 * <li>fragment keys hash each vary-on value's text followed by {@code ':'}
 * ({@code django.core.cache.utils.make_template_fragment_key}), so {@code null} and the
 * string {@code "None"} share a key, as do {@code ["a:b"]} and {@code ["a", "b"]}.</li>
 * </ul>
 * {@link #STRICT} writes each value with its length, and a missing or {@code null} value
 * as a marker no text can produce, so distinct inputs never share a key; its keys are not
 * Django's.
 */
public enum KeyFormat {

	/** Django's keys, byte for byte (the default). */
	DJANGO,

	/** Keys in which distinct vary values never collide; not Django's. */
	STRICT

}
