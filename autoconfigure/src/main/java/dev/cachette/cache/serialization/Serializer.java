package dev.cachette.cache.serialization;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.SerializationException;

/**
 * Turns values into bytes and back, for every backend that stores bytes (and for locmem,
 * which stores copies). Django pickles; Cachette's serializers refuse classes outside an
 * allow-list, because bytes read back from a shared store cannot be trusted.
 *
 * <p>
 * Integers never reach a serializer: the cache stores them as plain decimal text so that
 * shared backends can increment them atomically. A serializer's output therefore must
 * never be plain decimal text itself (Java serialization starts with {@code 0xACED}, JSON
 * output is wrapped in an object).
 *
 * <p>
 * Built in: {@code java} ({@link JavaSerializer}, the default) and {@code json}
 * ({@link JsonSerializer}). Select one per alias with {@code options.serializer}, naming
 * {@code java}, {@code json}, a bean, or a class with a constructor taking an
 * {@link AllowList} or no arguments.
 */
public interface Serializer {

	/**
	 * Serializes a value.
	 * @param value the value, possibly {@code null}
	 * @return its bytes
	 * @throws SerializationException if the value, or a value it holds, is of a class the
	 * serializer cannot write or the allow-list refuses
	 */
	byte[] serialize(@Nullable Object value);

	/**
	 * Deserializes bytes written by {@link #serialize}.
	 * @param bytes the bytes
	 * @return the value, possibly {@code null}
	 * @throws SerializationException if the bytes are corrupt or name a class the
	 * allow-list refuses
	 */
	@Nullable Object deserialize(byte[] bytes);

	/**
	 * The allow-list this serializer enforces, so a local cache that keeps deeply
	 * immutable values uncopied can apply the same rule without serializing. A serializer
	 * that returns {@code null} (the default) has every value copied through it.
	 * @return the allow-list, or {@code null}
	 */
	default @Nullable AllowList allowList() {
		return null;
	}

}
