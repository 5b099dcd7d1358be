package dev.cachette.cache.serialization;

import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.cachette.cache.ReadCost;
import dev.cachette.cache.SerializationException;
import dev.cachette.cache.revalidation.Envelopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random and mutated inputs for both serializers: each read returns a value or throws
 * {@link SerializationException} (never another exception, never an {@link Error}),
 * within a CPU budget and an allocation budget. Seeded, so a failure is reproduced by its
 * seed and case number ({@code -Dcachette.fuzz.seed=...} picks another seed).
 */
class SerializerFuzzTests {

	private static final long SEED = Long.getLong("cachette.fuzz.seed", 14L);

	private static final int CASES = 2_500;

	private static final int MAX_INPUT = 64 * 1024;

	private static final long CPU_BUDGET_NANOS = 50_000_000;

	/** A read may allocate 2 MB and 40 bytes per input byte: 4.6 MB for 64 KB. */
	private static final long BASE_ALLOCATION = 2 << 20;

	private static final long ALLOCATION_PER_BYTE = 40;

	private static final byte[] JAVA_HEADER = { (byte) 0xAC, (byte) 0xED, 0x00, 0x05 };

	private static final int[] INTERESTING_INTS = { 0, -1, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF, 0x10000, 100_000_000,
			Integer.MAX_VALUE, Integer.MIN_VALUE };

	private static final String[] JSON_TOKENS = { "[", "]", "{", "}", ",", ":", "\"value\"", "\"@class\"",
			"\"java.util.HashSet\"", "\"java.util.ArrayList\"", "\"java.util.HashMap\"", "\"java.lang.Long\"",
			"\"java.math.BigInteger\"", "\"java.time.Instant\"", "\"[J\"", "\"[Ljava.lang.Object;\"", "null", "true",
			"0", "-1", "1e999", "9999999999999999999999", "\"x\"", "\"\\u0000\"", " " };

	static Stream<Arguments> serializers() {
		AllowList allowList = AllowList.defaults().and(List.of(Sample.class.getName()));
		return Stream.of(Arguments.of("java", new JavaSerializer(allowList)),
				Arguments.of("json", new JsonSerializer(allowList)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("serializers")
	void everyRead_isAValueOrASerializationException_withinBudget(String name, Serializer serializer) {
		List<byte[]> corpus = corpus(name, serializer);
		corpus.forEach((bytes) -> ReadCost.of(() -> serializer.deserialize(bytes)));
		Random random = new Random(SEED);
		long start = System.nanoTime();
		int values = 0;
		long maxCpu = 0;
		long maxAllocated = 0;
		for (int i = 0; i < CASES; i++) {
			byte[] input = nextCase(random, corpus, name.equals("java"));
			ReadCost cost = ReadCost.of(() -> serializer.deserialize(input));
			String where = name + " case " + i + " of seed " + SEED + " (" + input.length + " bytes: "
					+ HexFormat.of().formatHex(input, 0, Math.min(input.length, 64)) + "...): " + cost;
			if (cost.thrown() != null && !(cost.thrown() instanceof SerializationException)) {
				fail(where, cost.thrown());
			}
			assertThat(cost.cpuNanos()).as(where).isLessThan(CPU_BUDGET_NANOS);
			assertThat(cost.allocatedBytes()).as(where)
				.isLessThan(BASE_ALLOCATION + ALLOCATION_PER_BYTE * input.length);
			values += (cost.thrown() == null) ? 1 : 0;
			maxCpu = Math.max(maxCpu, cost.cpuNanos());
			maxAllocated = Math.max(maxAllocated, cost.allocatedBytes());
		}
		System.out.printf(
				"fuzz %s: %d cases in %d ms (%d values, %d refusals), at most %.1f ms CPU and %d bytes"
						+ " allocated per read%n",
				name, CASES, (System.nanoTime() - start) / 1_000_000, values, CASES - values, maxCpu / 1e6,
				maxAllocated);
	}

	/** Valid entries, and the hostile ones the other tests build, to mutate. */
	private static List<byte[]> corpus(String name, Serializer serializer) {
		List<Object> values = Arrays.asList(null, "text", 42L, 4.25, true, new BigDecimal("1.50"), List.of(1, 2, 3),
				new ArrayList<>(List.of("a", "b")), new HashMap<>(Map.of("k", List.of("v"))),
				new TreeMap<>(Map.of("a", 1, "b", 2)), new LinkedHashSet<>(List.of("x", "y")),
				EnumSet.of(DayOfWeek.MONDAY), Instant.parse("2025-01-01T00:00:00Z"), LocalDate.of(2024, 2, 29),
				ZonedDateTime.parse("2024-02-29T12:00:00+01:00[Europe/Paris]"), Duration.ofMinutes(90),
				UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), Locale.FRANCE, new byte[1_000], new long[100],
				new String[] { "a", null }, JavaSerializerTests.sharedLists(6), Envelopes.of("page", 1L, 2L, 3L),
				new Sample("s", List.of(1L, "two"), Map.of("k", List.of(LocalDate.of(2024, 1, 1)))));
		List<byte[]> corpus = new ArrayList<>();
		values.forEach((value) -> corpus.add(serializer.serialize(value)));
		if (name.equals("java")) {
			corpus.add(JavaSerializerTests.writeWithoutAllowList(JavaSerializerTests.serialDos(24)));
			corpus.add(JavaSerializerTests.hashSetRepeating(JavaSerializerTests.sharedLists(16), 2_000));
			byte[] array = JavaSerializerTests.writeWithoutAllowList(new long[] { 7 });
			ByteBuffer.wrap(array).putInt(array.length - 12, 100_000_000);
			corpus.add(array);
		}
		else {
			Stream
				.of("{\"value\":{\"@class\":\"java.util.Timer\"}}",
						"{\"value\":" + "[\"java.util.HashSet\",[".repeat(30) + "]]".repeat(30) + "}",
						"{\"value\":[\"[J\",[1,2,3]]}", "{\"value\":[\"java.math.BigInteger\",1e999999]}")
				.forEach((text) -> corpus.add(text.getBytes(StandardCharsets.UTF_8)));
		}
		return corpus;
	}

	/** A third random input, a third token soup, the rest a mutated corpus entry. */
	private static byte[] nextCase(Random random, List<byte[]> corpus, boolean java) {
		int kind = random.nextInt(6);
		if (kind == 0) {
			byte[] bytes = new byte[random.nextInt(1 << random.nextInt(17))];
			random.nextBytes(bytes);
			return java ? concat(JAVA_HEADER, bytes) : bytes;
		}
		if (kind == 1) {
			return java ? javaTokens(random) : jsonTokens(random);
		}
		byte[] bytes = corpus.get(random.nextInt(corpus.size()));
		for (int edits = 1 + random.nextInt(8); edits > 0; edits--) {
			bytes = mutate(random, bytes, corpus);
		}
		return (bytes.length > MAX_INPUT) ? Arrays.copyOf(bytes, MAX_INPUT) : bytes;
	}

	/**
	 * Bytes among the stream grammar's tags (TC_NULL 0x70 to TC_ENUM 0x7E) and lengths.
	 */
	private static byte[] javaTokens(Random random) {
		byte[] bytes = new byte[random.nextInt(1 << random.nextInt(14))];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) (random.nextBoolean() ? 0x70 + random.nextInt(15) : random.nextInt(4));
		}
		return concat(JAVA_HEADER, bytes);
	}

	private static byte[] jsonTokens(Random random) {
		StringBuilder text = new StringBuilder("{\"value\":");
		for (int i = random.nextInt(1 << random.nextInt(12)); i > 0; i--) {
			text.append(JSON_TOKENS[random.nextInt(JSON_TOKENS.length)]);
		}
		return text.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] mutate(Random random, byte[] bytes, List<byte[]> corpus) {
		if (bytes.length == 0) {
			return corpus.get(random.nextInt(corpus.size()));
		}
		int at = random.nextInt(bytes.length);
		byte[] copy = bytes.clone();
		switch (random.nextInt(7)) {
			case 0 -> copy[at] ^= (byte) (1 << random.nextInt(8));
			case 1 -> copy[at] = (byte) INTERESTING_INTS[random.nextInt(INTERESTING_INTS.length)];
			case 2 -> {
				if (at + 4 <= copy.length) {
					ByteBuffer.wrap(copy).putInt(at, INTERESTING_INTS[random.nextInt(INTERESTING_INTS.length)]);
				}
			}
			case 3 -> copy = Arrays.copyOf(copy, at);
			case 4 -> {
				byte[] inserted = new byte[1 + random.nextInt(16)];
				random.nextBytes(inserted);
				copy = concat(Arrays.copyOf(copy, at), concat(inserted, Arrays.copyOfRange(copy, at, copy.length)));
			}
			case 5 -> {
				int length = 1 + random.nextInt(Math.min(256, copy.length - at));
				byte[] chunk = Arrays.copyOfRange(copy, at, at + length);
				int to = random.nextInt(copy.length);
				copy = concat(Arrays.copyOf(copy, to), concat(chunk, Arrays.copyOfRange(copy, to, copy.length)));
			}
			default -> {
				byte[] other = corpus.get(random.nextInt(corpus.size()));
				copy = concat(Arrays.copyOf(copy, at),
						Arrays.copyOfRange(other, random.nextInt(other.length), other.length));
			}
		}
		return copy;
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

	/**
	 * A record the fuzz allow-list names, holding anything.
	 *
	 * @param name a string
	 * @param items a list
	 * @param byKey a map
	 */
	record Sample(String name, List<@Nullable Object> items, Map<String, Object> byKey) implements Serializable {
	}

}
