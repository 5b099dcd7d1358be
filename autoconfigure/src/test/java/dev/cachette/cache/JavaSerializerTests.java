package dev.cachette.cache;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JavaSerializer}: both directions refuse classes outside the
 * allow-list, and forged bytes can neither run code nor exhaust memory.
 */
class JavaSerializerTests {

	private final JavaSerializer serializer = new JavaSerializer(AllowList.defaults());

	@BeforeEach
	void resetGadget() {
		Gadget.readObjectCalls = 0;
	}

	// Round trips

	@Test
	void roundTrip_allowedValues_comeBackEqual() {
		List<@Nullable Object> values = Arrays.asList(null, "text", 42L, 4.2, true, new BigDecimal("1.50"),
				List.of(1, 2), new ArrayList<>(List.of("a")), new HashMap<>(Map.of("k", List.of("v"))),
				Instant.parse("2025-01-01T00:00:00Z"), new Range(1, 2));
		for (Object value : values) {
			assertThat(roundTrip(value)).as(String.valueOf(value)).isEqualTo(value);
		}
	}

	@Test
	void roundTrip_arraysOfAllowedTypes_comeBackEqual() {
		assertThat((int[]) roundTrip(new int[] { 1, 2 })).containsExactly(1, 2);
		assertThat((String[][]) roundTrip(new String[][] { { "a" }, { "b", "c" } }))
			.isDeepEqualTo(new String[][] { { "a" }, { "b", "c" } });
		assertThat((Range[]) roundTrip(new Range[] { new Range(0, 1) })).containsExactly(new Range(0, 1));
	}

	@Test
	void serialize_anyValue_isNeverPlainDecimalText() {
		// Counters are stored as decimal text, so serialized values must not look like
		// one.
		assertThat(this.serializer.serialize("12345")).startsWith((byte) 0xAC, (byte) 0xED);
		assertThat(this.serializer.serialize(null)).startsWith((byte) 0xAC, (byte) 0xED);
	}

	// Writing

	@Test
	void serialize_refusedClass_messageNamesTheRefusedClassNotTheSerializersException() {
		// Regression: the refusal was an IOException, which ObjectOutputStream writes
		// into the stream, where it was refused in turn and named instead.
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.serializer.serialize(new Gadget()))
			.withMessageContaining(Gadget.class.getName())
			.withMessageContaining("allowed-classes")
			.withMessageNotContaining("RefusedClassException");
	}

	@Test
	void serialize_refusedClassInsideAllowedCollectionOrArray_isRefused() {
		List<Object> values = List.of(new ArrayList<>(List.of("fine", new Gadget())),
				new HashMap<>(Map.of("key", new Gadget())), new Gadget[] { new Gadget() }, new Holder(new Gadget()));
		for (Object value : values) {
			assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> this.serializer.serialize(value))
				.withMessageContaining(Gadget.class.getName());
		}
	}

	@Test
	void serialize_notSerializable_failsNamingItsClassNotTheJdksException() {
		// Regression: NotSerializableException, written into the stream by
		// ObjectOutputStream, was refused in turn and named instead.
		JavaSerializer serializer = new JavaSerializer(AllowList.of(List.of("java.lang.Object", "java.util.**")));
		for (Object value : List.of(new Object(), new ArrayList<>(List.of(new Object())))) {
			assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> serializer.serialize(value))
				.withMessageContaining("java.lang.Object")
				.withMessageContaining("does not implement Serializable")
				.withMessageNotContaining("NotSerializableException");
		}
	}

	// Reading bytes that someone else wrote

	@Test
	void deserialize_classOutsideAllowList_isRefusedBeforeItsReadObjectRuns() {
		byte[] forged = writeWithoutAllowList(new Gadget());
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> this.serializer.deserialize(forged))
			.withMessageContaining("refused")
			.withMessageContaining(Gadget.class.getName())
			.withMessageContaining("allowed-classes");
		assertThat(Gadget.readObjectCalls).isZero();
	}

	@Test
	void deserialize_classOutsideAllowListNestedInAllowedTypes_isRefused() {
		List<Object> forgeries = List.of(new ArrayList<>(List.of("fine", new Gadget())),
				new HashMap<>(Map.of("key", new Gadget())), new Gadget[] { new Gadget() }, new Holder(new Gadget()));
		for (Object forgery : forgeries) {
			byte[] forged = writeWithoutAllowList(forgery);
			assertThatExceptionOfType(SerializationException.class)
				.isThrownBy(() -> this.serializer.deserialize(forged))
				.withMessageContaining(Gadget.class.getName());
		}
		assertThat(Gadget.readObjectCalls).isZero();
	}

	@Test
	void deserialize_classInAllowList_isRead() {
		// The control for the tests above: allowed, the gadget's readObject does run.
		JavaSerializer permissive = new JavaSerializer(AllowList.defaults().and(List.of(Gadget.class.getName())));
		assertThat(permissive.deserialize(writeWithoutAllowList(new Gadget()))).isInstanceOf(Gadget.class);
		assertThat(Gadget.readObjectCalls).isOne();
	}

	@Test
	void deserialize_recordWithForgedState_goesThroughItsCanonicalConstructor() {
		byte[] bytes = this.serializer.serialize(new Range(1, 2));
		// Fields are written sorted by name, high then low: swap them to forge low >
		// high.
		int end = bytes.length;
		byte[] high = Arrays.copyOfRange(bytes, end - 8, end - 4);
		System.arraycopy(bytes, end - 4, bytes, end - 8, 4);
		System.arraycopy(high, 0, bytes, end - 4, 4);
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> this.serializer.deserialize(bytes))
			.withCauseInstanceOf(InvalidObjectException.class)
			.withMessageContaining("low > high");
	}

	@Test
	void deserialize_graphDeeperThanTheLimit_isRefused() {
		assertThat(roundTrip(nestedLists(50))).isEqualTo(nestedLists(50));
		byte[] deep = this.serializer.serialize(nestedLists(200));
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> this.serializer.deserialize(deep))
			.withMessageContaining("deeper than 100");
	}

	@Test
	void deserialize_hugeArrayLength_isRefusedBeforeAllocating() {
		byte[] bytes = writeWithoutAllowList(new byte[] { 7 });
		// The array's length is the four bytes before its only element.
		ByteBuffer.wrap(bytes).putInt(bytes.length - 5, Integer.MAX_VALUE);
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> this.serializer.deserialize(bytes))
			.withMessageContaining("an array of " + Integer.MAX_VALUE + " elements");
	}

	@Test
	void deserialize_corruptBytes_failsAsUnreadable() {
		for (byte[] bytes : List.of(new byte[0], new byte[] { 1, 2, 3 },
				new byte[] { (byte) 0xAC, (byte) 0xED, 0x00, 0x05, 0x73, 0x72, 0x7F })) {
			assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> this.serializer.deserialize(bytes))
				.withMessageContaining("corrupt or unreadable");
		}
	}

	private @Nullable Object roundTrip(@Nullable Object value) {
		return this.serializer.deserialize(this.serializer.serialize(value));
	}

	private static List<Object> nestedLists(int depth) {
		List<Object> list = new ArrayList<>();
		for (int i = 0; i < depth; i++) {
			List<Object> outer = new ArrayList<>();
			outer.add(list);
			list = outer;
		}
		return list;
	}

	/** Writes with plain Java serialization, as an attacker with store access would. */
	private static byte[] writeWithoutAllowList(Object value) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(value);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return bytes.toByteArray();
	}

	/** A class whose deserialization runs code, as a gadget chain's entry point does. */
	static final class Gadget implements Serializable {

		private static final long serialVersionUID = 1L;

		static volatile int readObjectCalls;

		private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
			in.defaultReadObject();
			readObjectCalls++;
		}

	}

	/**
	 * A record allowed as a record, holding anything.
	 *
	 * @param content the content
	 */
	record Holder(Object content) implements Serializable {
	}

	/**
	 * A record that validates its state in its canonical constructor.
	 *
	 * @param low the lower bound
	 * @param high the upper bound
	 */
	record Range(int low, int high) implements Serializable {

		Range {
			if (low > high) {
				throw new IllegalArgumentException("low > high");
			}
		}

	}

}
