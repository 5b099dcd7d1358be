package dev.cachette.cache.serialization;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.SerializationException;

/**
 * Java serialization restricted to an {@link AllowList}, the default serializer.
 *
 * <p>
 * Both directions are checked. Writing refuses a class outside the list at once, so a
 * {@code set} fails loudly instead of a later {@code get} missing; reading installs an
 * {@link java.io.ObjectInputFilter} that rejects any other class before it is
 * instantiated, and bounds depth, array sizes and hashing work by the input's own size
 * ({@link BoundedObjectInput}), so forged bytes can neither run code nor make a read cost
 * much more memory or time than the bytes themselves.
 */
public final class JavaSerializer implements Serializer {

	private final AllowList allowList;

	/**
	 * Creates a serializer.
	 * @param allowList the classes it may read and write
	 */
	public JavaSerializer(AllowList allowList) {
		this.allowList = allowList;
	}

	@Override
	public byte[] serialize(@Nullable Object value) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
		try (ObjectOutputStream out = new AllowListOutputStream(bytes)) {
			out.writeObject(value);
		}
		catch (RefusedClassException ex) {
			throw new SerializationException(ex.getMessage());
		}
		catch (IOException ex) {
			throw new SerializationException("cannot serialize " + describe(value) + ": " + ex, ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * Reads within the bounds of {@link BoundedObjectInput}. A stack overflow is caught
	 * too: a forged cycle through hash collections makes {@code hashCode} recurse without
	 * end, and the caller must see a miss, not an {@link Error}.
	 */
	@Override
	public @Nullable Object deserialize(byte[] bytes) {
		BoundedObjectInput in = null;
		try {
			in = BoundedObjectInput.open(bytes, this.allowList);
			return in.readObject();
		}
		catch (IOException | ClassNotFoundException | RuntimeException | StackOverflowError ex) {
			String refusal = (in != null) ? in.refusal() : null;
			if (refusal != null) {
				throw new SerializationException("refused to deserialize " + refusal, ex);
			}
			throw new SerializationException("corrupt or unreadable value: " + ex, ex);
		}
	}

	private static String describe(@Nullable Object value) {
		return (value != null) ? "a " + value.getClass().getName() : "null";
	}

	@Override
	public String toString() {
		return "JavaSerializer[" + this.allowList + "]";
	}

	/**
	 * Refuses, while writing, each class the allow-list does not name, and each object
	 * that is not {@link Serializable}: the latter before {@link ObjectOutputStream}
	 * throws its {@code NotSerializableException}, an {@link IOException} it would
	 * serialize into the stream (see {@link RefusedClassException}).
	 */
	private final class AllowListOutputStream extends ObjectOutputStream {

		AllowListOutputStream(ByteArrayOutputStream out) throws IOException {
			super(out);
			enableReplaceObject(true);
		}

		@Override
		protected void annotateClass(Class<?> type) throws IOException {
			if (!JavaSerializer.this.allowList.allows(type)) {
				throw new RefusedClassException("class " + type.getName()
						+ " is not in the serializer's allow-list; add it (or its package, as " + type.getPackageName()
						+ ".*) to options.allowed-classes");
			}
		}

		@Override
		protected Object replaceObject(Object value) throws IOException {
			if (!(value instanceof Serializable)) {
				throw new RefusedClassException(
						"cannot serialize a " + value.getClass().getName() + ": it does not implement Serializable");
			}
			return value;
		}

	}

	/**
	 * Unchecked on purpose: {@code ObjectOutputStream.writeObject} answers an
	 * {@link IOException} by serializing the exception into the stream
	 * ({@code writeFatalException}), which this stream then refuses in turn, so the
	 * message would name this exception's class instead of the refused one.
	 */
	private static final class RefusedClassException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		RefusedClassException(String message) {
			super(message);
		}

	}

	@Override
	public AllowList allowList() {
		return this.allowList;
	}

}
