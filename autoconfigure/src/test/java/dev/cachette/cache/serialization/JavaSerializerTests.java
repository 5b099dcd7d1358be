package dev.cachette.cache.serialization;

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

import dev.cachette.cache.ReadCost;
import dev.cachette.cache.SerializationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JavaSerializer}: both directions refuse classes outside the
 * allow-list, and forged bytes can neither run code nor exhaust memory. Public, with its
 * forged-stream helpers, for the contract suite, which plants them in every backend.
 */
public class JavaSerializerTests {

	private final JavaSerializer serializer = new JavaSerializer(
			AllowList.defaults().and(List.of(Range.class.getName(), Holder.class.getName())));

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
		JavaSerializer permissive = new JavaSerializer(
				this.serializer.allowList().and(List.of(Gadget.class.getName())));
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
		assertThat(roundTrip(nestedLists(25))).isEqualTo(nestedLists(25));
		byte[] deep = this.serializer.serialize(nestedLists(40));
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> this.serializer.deserialize(deep))
			.withMessageContaining("deeper than 32");
	}

	@Test
	void deserialize_hugeArrayLength_isRefusedBeforeAllocating() {
		byte[] bytes = writeWithoutAllowList(new byte[] { 7 });
		// The array's length is the four bytes before its only element.
		ByteBuffer.wrap(bytes).putInt(bytes.length - 5, Integer.MAX_VALUE);
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> this.serializer.deserialize(bytes))
			.withMessageContaining("an array of " + Integer.MAX_VALUE + " elements");
	}

	// Bounds on what one read may cost (issue 14, item 6)

	@Test
	void deserialize_arrayLongerThanTheRestOfTheInput_isRefusedBeforeAllocating() {
		// 35 bytes that declare a long[100_000_000]: 800 MB allocated by a read before
		byte[] bytes = writeWithoutAllowList(new long[] { 7 });
		assertThat(bytes).hasSize(35);
		ByteBuffer.wrap(bytes).putInt(bytes.length - 12, 100_000_000);
		ReadCost cost = ReadCost.of(() -> this.serializer.deserialize(bytes));
		assertThat(cost.thrown()).as("%s", cost)
			.isInstanceOf(SerializationException.class)
			.hasMessageContaining("an array of 100000000 elements");
		assertThat(cost.allocatedBytes()).as("%s", cost).isLessThan(1 << 20);
	}

	@Test
	void deserialize_arraysFillingTheInput_areRead() {
		// the bound is the rest of the input, so arrays that do fill it are fine, also
		// inside what a class writes in its writeObject (block data)
		for (Object value : List.of(new byte[100_000], new long[10_000], new String[] { "a", null, "c" },
				new Range[] { new Range(1, 2), null }, new ArrayList<>(List.of(new byte[50_000])),
				new HashMap<>(Map.of("k", new long[5_000])), new Holder(new int[] { 1 }))) {
			assertThat(roundTrip(value)).as(value.getClass().getName()).isNotNull();
		}
	}

	@Test
	void deserialize_serialDos_isRefusedWithinTheBudget() {
		// Wouter Coekaerts' SerialDOS: two sets per level, each holding both sets of the
		// next, so that hashing the root visits 2^24 sets (2.8 s per read before)
		assertCheaplyRefused(writeWithoutAllowList(serialDos(24)), "hash");
	}

	@Test
	void deserialize_sharedListsHashedOnce_areRefusedWithinTheBudget() {
		// the same blow-up with no nested hash set: one set holding lists that share
		// their elements, whose single hashCode visits 2^27 lists (12 s per read before)
		List<Object> top = new ArrayList<>();
		// the set hashes its element on add: add it while it is empty
		java.util.Set<Object> set = new java.util.HashSet<>(java.util.Collections.singleton(top));
		top.add(sharedLists(26));
		assertCheaplyRefused(writeWithoutAllowList(set), "shared");
	}

	@Test
	void deserialize_hashSetRepeatingOneHeavyElement_isRefusedWithinTheBudget() {
		// a forged HashSet may list one element 12,000 times, each put hashing it again
		// (5 s per read before)
		assertCheaplyRefused(hashSetRepeating(sharedLists(16), 12_000), "CPU");
	}

	@Test
	void deserialize_sharedStructures_withinTheBudget_areRead() {
		// sharing is legitimate: 200 records that all hold one 100-element list
		List<String> tags = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			tags.add("tag" + i);
		}
		List<Holder> holders = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			holders.add(new Holder(tags));
		}
		assertThat(roundTrip(new java.util.HashSet<>(holders))).isEqualTo(new java.util.HashSet<>(holders));
	}

	private void assertCheaplyRefused(byte[] bytes, String reason) {
		assertThat(bytes.length).isLessThan(64 * 1024);
		ReadCost cost = ReadCost.of(() -> this.serializer.deserialize(bytes));
		assertThat(cost.thrown()).as("%s", cost)
			.isInstanceOf(SerializationException.class)
			.hasMessageContaining(reason);
		assertThat(cost.cpuMillis()).as("%s", cost).isLessThan(50);
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

	/** Lists of two elements, both the list of the level below: 2^levels paths. */
	public static List<Object> sharedLists(int levels) {
		List<Object> list = new ArrayList<>(List.of("x"));
		for (int i = 0; i < levels; i++) {
			list = new ArrayList<>(List.of(list, list));
		}
		return list;
	}

	/** SerialDOS: each level two sets, each holding both sets of the next level. */
	public static java.util.Set<Object> serialDos(int depth) {
		java.util.Set<Object> root = new java.util.HashSet<>();
		java.util.Set<Object> s1 = root;
		java.util.Set<Object> s2 = new java.util.HashSet<>();
		for (int i = 0; i < depth; i++) {
			java.util.Set<Object> t1 = new java.util.HashSet<>();
			java.util.Set<Object> t2 = new java.util.HashSet<>();
			t1.add("foo");
			s1.add(t1);
			s1.add(t2);
			s2.add(t1);
			s2.add(t2);
			s1 = t1;
			s2 = t2;
		}
		return root;
	}

	/**
	 * Writes a {@code java.util.HashSet} that lists one element many times, which only a
	 * forged stream does: {@link Repeated} written under HashSet's class descriptor.
	 */
	public static byte[] hashSetRepeating(Object element, int times) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes) {
			@Override
			protected void writeClassDescriptor(java.io.ObjectStreamClass desc) throws IOException {
				super.writeClassDescriptor((desc.forClass() == Repeated.class)
						? java.io.ObjectStreamClass.lookup(java.util.HashSet.class) : desc);
			}
		}) {
			out.writeObject(new Repeated(element, times));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return bytes.toByteArray();
	}

	/** Writes with plain Java serialization, as an attacker with store access would. */
	public static byte[] writeWithoutAllowList(Object value) {
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

	/** Writes what {@code HashSet.writeObject} writes, with one element repeated. */
	static final class Repeated implements Serializable {

		private static final long serialVersionUID = 1L;

		private final transient Object element;

		private final transient int times;

		Repeated(Object element, int times) {
			this.element = element;
			this.times = times;
		}

		private void writeObject(ObjectOutputStream out) throws IOException {
			out.defaultWriteObject();
			out.writeInt(16);
			out.writeFloat(0.75f);
			out.writeInt(this.times);
			for (int i = 0; i < this.times; i++) {
				out.writeObject(this.element);
			}
		}

	}

	/**
	 * A record the test's allow-list names, holding anything.
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
