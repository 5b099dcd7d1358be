package dev.cachette.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

import org.jspecify.annotations.Nullable;

/**
 * Java serialization restricted to an {@link AllowList}, the default serializer.
 *
 * <p>
 * Both directions are checked. Writing refuses a class outside the list at once, so a
 * {@code set} fails loudly instead of a later {@code get} missing; reading installs an
 * {@link ObjectInputFilter} that rejects any other class before it is instantiated, and
 * bounds depth, references and array sizes, so forged bytes cannot run code or exhaust
 * memory.
 */
public final class JavaSerializer implements Serializer {

	private static final long MAX_DEPTH = 100;

	private static final long MAX_REFERENCES = 1_000_000;

	private static final long MAX_ARRAY_LENGTH = 100_000_000;

	private final AllowList allowList;

	/**
	 * Creates a serializer.
	 * @param allowList the classes it may read and write
	 */
	public JavaSerializer(AllowList allowList) {
		this.allowList = allowList;
	}

	/**
	 * The read filter: decides on each class and limit, and keeps the reason for a
	 * refusal, which {@link ObjectInputStream} reports only as "REJECTED".
	 */
	private ObjectInputFilter.Status check(ObjectInputFilter.FilterInfo info, String[] refusal) {
		if (info.depth() > MAX_DEPTH) {
			return refuse(refusal, "an object graph deeper than " + MAX_DEPTH + " levels");
		}
		if (info.references() > MAX_REFERENCES) {
			return refuse(refusal, "more than " + MAX_REFERENCES + " object references");
		}
		if (info.arrayLength() > MAX_ARRAY_LENGTH) {
			return refuse(refusal,
					"an array of " + info.arrayLength() + " elements (at most " + MAX_ARRAY_LENGTH + ")");
		}
		Class<?> type = info.serialClass();
		if (type == null) {
			return ObjectInputFilter.Status.UNDECIDED;
		}
		if (!this.allowList.allows(type)) {
			return refuse(refusal, "class " + type.getName()
					+ ", which is not in the serializer's allow-list (options.allowed-classes)");
		}
		return ObjectInputFilter.Status.ALLOWED;
	}

	private static ObjectInputFilter.Status refuse(String[] refusal, String reason) {
		refusal[0] = reason;
		return ObjectInputFilter.Status.REJECTED;
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

	@Override
	public @Nullable Object deserialize(byte[] bytes) {
		String[] refusal = new String[1];
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
			in.setObjectInputFilter((info) -> check(info, refusal));
			return in.readObject();
		}
		catch (IOException | ClassNotFoundException | RuntimeException ex) {
			if (refusal[0] != null) {
				throw new SerializationException("refused to deserialize " + refusal[0], ex);
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
