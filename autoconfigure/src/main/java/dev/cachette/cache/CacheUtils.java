package dev.cachette.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Django's {@code django.core.cache.utils}: the key of a cached template fragment, so
 * service code can invalidate a fragment without Thymeleaf on the classpath:
 * {@code cache.delete(CacheUtils.makeTemplateFragmentKey("sidebar", List.of(username)))}.
 */
public final class CacheUtils {

	private CacheUtils() {
	}

	/**
	 * Returns the key of a fragment without vary-on values; the digest is the MD5 of the
	 * empty string, as in Django.
	 * @param fragmentName the fragment's name
	 * @return {@code template.cache.<name>.d41d8cd98f00b204e9800998ecf8427e}
	 */
	public static String makeTemplateFragmentKey(String fragmentName) {
		return makeTemplateFragmentKey(fragmentName, List.of());
	}

	/**
	 * Returns the key of a fragment, byte for byte Django's
	 * {@code make_template_fragment_key}: {@code template.cache.<name>.<md5>} where the
	 * MD5 covers each vary-on value's text followed by {@code ':'}. Values become text as
	 * Python's {@code str()} would write the same value: {@code null} is {@code None},
	 * booleans are {@code True}/{@code False}, anything else is {@code String.valueOf}.
	 * @param fragmentName the fragment's name
	 * @param varyOn the vary-on values, in order
	 * @return the fragment's cache key (to pass to {@link Cache#delete}, which adds the
	 * alias's prefix and version)
	 */
	public static String makeTemplateFragmentKey(String fragmentName, List<? extends @Nullable Object> varyOn) {
		return makeTemplateFragmentKey(fragmentName, varyOn, KeyFormat.DJANGO);
	}

	/**
	 * Returns the key of a fragment in a key format: Django's, or one in which distinct
	 * vary-on values never share a key ({@link KeyFormat#STRICT}).
	 * @param fragmentName the fragment's name
	 * @param varyOn the vary-on values, in order
	 * @param format the key format
	 * @return the fragment's cache key
	 */
	public static String makeTemplateFragmentKey(String fragmentName, List<? extends @Nullable Object> varyOn,
			KeyFormat format) {
		MessageDigest md5 = md5();
		for (Object value : varyOn) {
			if (format == KeyFormat.STRICT) {
				updateStrict(md5, (value != null) ? String.valueOf(value) : null);
			}
			else {
				md5.update(pythonStr(value).getBytes(StandardCharsets.UTF_8));
				md5.update((byte) ':');
			}
		}
		return "template.cache." + fragmentName + "." + HexFormat.of().formatHex(md5.digest());
	}

	/**
	 * Adds one value to a {@link KeyFormat#STRICT} digest: a marker byte for a missing
	 * value, else the length of its UTF-8 bytes and the bytes, so no two sequences of
	 * values write the same bytes.
	 * @param digest the digest
	 * @param value the value, or {@code null} when missing
	 */
	public static void updateStrict(MessageDigest digest, @Nullable String value) {
		if (value == null) {
			digest.update((byte) 0);
			return;
		}
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		digest.update((byte) 1);
		digest.update(new byte[] { (byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
				(byte) (bytes.length >>> 8), (byte) bytes.length });
		digest.update(bytes);
	}

	/**
	 * Writes a value as Python's {@code str()} writes the same value.
	 * @param value the value
	 * @return its text
	 */
	static String pythonStr(@Nullable Object value) {
		if (value == null) {
			return "None";
		}
		if (value instanceof Boolean bool) {
			return bool ? "True" : "False";
		}
		return String.valueOf(value);
	}

	private static MessageDigest md5() {
		try {
			return MessageDigest.getInstance("MD5");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("MD5 is required of every Java platform", ex);
		}
	}

}
