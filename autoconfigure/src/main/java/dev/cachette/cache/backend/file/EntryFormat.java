package dev.cachette.cache.backend.file;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.zip.CRC32C;

import org.jspecify.annotations.Nullable;

/**
 * The layout of one cache file: a 21-byte header, then the value's bytes as
 * {@code BaseCache.encode} made them.
 *
 * <pre>
 * offset  size  field
 *      0     4  magic 0xCAC4E77E ("cachette"), never the start of a Django pickle
 *      4     1  format version, 1
 *      5     8  expiry, epoch milliseconds of the alias's clock; Long.MAX_VALUE = never
 *     13     4  payload length
 *     17     4  CRC-32C of the payload
 *     21     n  payload
 * </pre>
 *
 * Django writes a pickled expiry and then the zlib-compressed pickled value; the length
 * and checksum here are what lets a truncated or damaged file (a crash without
 * {@code fsync}, a full disk, a stray write) be recognised and read as a miss instead of
 * being handed to the deserializer.
 */
final class EntryFormat {

	/** The expiry meaning "never expire". */
	static final long NEVER = Long.MAX_VALUE;

	static final int HEADER_LENGTH = 21;

	private static final int MAGIC = 0xCAC4E77E;

	private static final byte VERSION = 1;

	private EntryFormat() {
	}

	/**
	 * Lays out a file.
	 * @param expiresAt epoch milliseconds, or {@link #NEVER}
	 * @param payload the encoded value
	 * @return the file's bytes
	 */
	static byte[] write(long expiresAt, byte[] payload) {
		ByteBuffer buffer = ByteBuffer.allocate(HEADER_LENGTH + payload.length);
		buffer.putInt(MAGIC).put(VERSION).putLong(expiresAt).putInt(payload.length).putInt(checksum(payload));
		buffer.put(payload);
		return buffer.array();
	}

	/**
	 * Reads a file's header and payload.
	 * @param bytes the whole file
	 * @return the entry, or {@code null} when the bytes are not a whole, undamaged cache
	 * file (bad magic or version, short header, wrong length, checksum mismatch)
	 */
	static @Nullable Entry read(byte[] bytes) {
		Long expiresAt = expiresAt(bytes);
		if (expiresAt == null) {
			return null;
		}
		ByteBuffer buffer = ByteBuffer.wrap(bytes, 13, 8);
		int length = buffer.getInt();
		int checksum = buffer.getInt();
		if (length != bytes.length - HEADER_LENGTH) {
			return null;
		}
		byte[] payload = new byte[length];
		System.arraycopy(bytes, HEADER_LENGTH, payload, 0, length);
		return (checksum(payload) == checksum) ? new Entry(expiresAt, payload) : null;
	}

	/**
	 * Reads the expiry from the start of a file, without checking the payload.
	 * @param header at least the header's bytes
	 * @return the expiry, or {@code null} when the header is short or not ours
	 */
	static @Nullable Long expiresAt(byte[] header) {
		if (header.length < HEADER_LENGTH) {
			return null;
		}
		ByteBuffer buffer = ByteBuffer.wrap(header);
		if (buffer.getInt() != MAGIC || buffer.get() != VERSION) {
			return null;
		}
		return buffer.getLong();
	}

	/**
	 * The expiry of a finite timeout from now, rounded up to the millisecond.
	 * @param now the clock's current epoch milliseconds
	 * @param timeout a resolved timeout, positive and not {@code FOREVER}
	 * @return epoch milliseconds, never {@link #NEVER}
	 */
	static long expiresAt(long now, Duration timeout) {
		long millis = timeout.toMillis();
		if (timeout.toNanosPart() % 1_000_000 != 0) {
			millis++;
		}
		long expiresAt = now + millis;
		return (expiresAt < 0 || expiresAt == NEVER) ? NEVER - 1 : expiresAt;
	}

	/**
	 * Tells whether an expiry has passed: an entry expires at its expiry instant, as
	 * locmem's does.
	 * @param expiresAt epoch milliseconds, or {@link #NEVER}
	 * @param now the clock's current epoch milliseconds
	 * @return whether the entry is expired
	 */
	static boolean isExpired(long expiresAt, long now) {
		return expiresAt != NEVER && now >= expiresAt;
	}

	private static int checksum(byte[] payload) {
		CRC32C crc = new CRC32C();
		crc.update(payload, 0, payload.length);
		return (int) crc.getValue();
	}

	/**
	 * A file read back whole.
	 *
	 * @param expiresAt epoch milliseconds, or {@link #NEVER}
	 * @param payload the encoded value
	 */
	record Entry(long expiresAt, byte[] payload) {

		boolean isExpired(long now) {
			return EntryFormat.isExpired(this.expiresAt, now);
		}

	}

}
