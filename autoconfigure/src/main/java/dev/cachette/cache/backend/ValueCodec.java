package dev.cachette.cache.backend;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.CacheException;
import dev.cachette.cache.CacheValueNotIntegerException;
import dev.cachette.cache.SerializationException;
import dev.cachette.cache.settings.CacheSettings;

/**
 * How an alias's values become the bytes a backend stores, and back: integers as plain
 * decimal text ({@link Counters}), anything else through the alias's serializer. Bytes
 * that cannot be read are a miss, noted for the read that met them to repair
 * ({@link UnreadableEntries}). {@link BaseCache}'s protected {@code encode},
 * {@code decode}, {@code decodeAll} and {@code addToCounter} delegate here, so that
 * backends in other packages keep calling them as before.
 */
final class ValueCodec {

	private final CacheSettings settings;

	ValueCodec(CacheSettings settings) {
		this.settings = settings;
	}

	byte[] encode(@Nullable Object value) {
		if (value instanceof Long number) {
			return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
		}
		try {
			return this.settings.serializer().serialize(value);
		}
		catch (SerializationException ex) {
			throw new SerializationException("Cache '" + this.settings.alias() + "': " + ex.getMessage(), ex);
		}
	}

	@Nullable Object decode(byte[] bytes) {
		Long number = Counters.parse(bytes);
		if (number != null) {
			return number;
		}
		try {
			return this.settings.serializer().deserialize(bytes);
		}
		catch (SerializationException ex) {
			// The read that asked for the bytes knows the key: it repairs and logs.
			UnreadableEntries.noteFailure(String.valueOf(ex.getMessage()));
			return BaseCache.MISSING;
		}
	}

	Map<String, @Nullable Object> decodeAll(List<String> keys, @Nullable List<byte @Nullable []> values) {
		Map<String, @Nullable Object> found = new LinkedHashMap<>();
		for (int i = 0; values != null && i < keys.size(); i++) {
			byte[] bytes = values.get(i);
			Object value = (bytes != null) ? decode(bytes) : BaseCache.MISSING;
			if (value != BaseCache.MISSING) {
				found.put(keys.get(i), value);
			}
		}
		return found;
	}

	long addToCounter(String key, @Nullable Object value, long delta) {
		if (!(value instanceof Long number)) {
			throw new CacheValueNotIntegerException(this.settings.alias(), key);
		}
		if (delta > 0 ? number > Long.MAX_VALUE - delta : number < Long.MIN_VALUE - delta) {
			throw new CacheException("Cache '" + this.settings.alias() + "': incrementing key '" + key + "' by " + delta
					+ " would overflow a long");
		}
		return number + delta;
	}

}
