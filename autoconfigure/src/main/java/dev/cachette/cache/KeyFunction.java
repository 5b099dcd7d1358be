package dev.cachette.cache;

/**
 * Turns a user's key into the key stored in the backend, Django's {@code KEY_FUNCTION}.
 * The default, {@link #DEFAULT}, makes {@code key-prefix:version:key}. Configure another
 * with {@code caches.<alias>.key-function}: the name of a bean of this type, or of a
 * class with a public no-argument constructor. The result must depend on the arguments
 * alone: the cache remembers the stored keys of hot keys instead of calling it again.
 */
@FunctionalInterface
public interface KeyFunction {

	/**
	 * Django's {@code default_key_func}: {@code "%s:%s:%s" % (key_prefix, version, key)}.
	 */
	KeyFunction DEFAULT = (key, keyPrefix, version) -> keyPrefix + ':' + version + ':' + key;

	/**
	 * Builds the stored key.
	 * @param key the user's key
	 * @param keyPrefix the alias's {@code key-prefix}, empty when unset
	 * @param version the version of this call
	 * @return the stored key
	 */
	String makeKey(String key, String keyPrefix, int version);

}
