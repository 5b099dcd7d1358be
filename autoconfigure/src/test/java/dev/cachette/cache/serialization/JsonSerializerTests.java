package dev.cachette.cache.serialization;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.cachette.cache.ReadCost;
import dev.cachette.cache.SerializationException;
import dev.cachette.cache.backend.locmem.LocMemCache;
import dev.cachette.cache.settings.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JsonSerializerTests {

	/** Set by {@link Gadget}'s static initializer, which must never run. */
	static final AtomicBoolean GADGET_INITIALIZED = new AtomicBoolean();

	/** Set by {@link Gadget}'s constructor, which must never run. */
	static final AtomicBoolean GADGET_CONSTRUCTED = new AtomicBoolean();

	/** Set by {@link GenericGadget}'s static initializer, which must never run. */
	static final AtomicBoolean GENERIC_GADGET_INITIALIZED = new AtomicBoolean();

	private static final String PREFIX = JsonSerializerTests.class.getName() + "$";

	private static final AllowList ALLOW_LIST = AllowList.defaults()
		.and(List.of(PREFIX + "Article", PREFIX + "Point", PREFIX + "Status", PREFIX + "Item", PREFIX + "Order",
				PREFIX + "Sealed", PREFIX + "Exploding", PREFIX + "Holder", PREFIX + "Bag"));

	private final JsonSerializer serializer = new JsonSerializer(ALLOW_LIST);

	@SuppressWarnings("unchecked")
	private <T> T roundTrip(T value) {
		byte[] bytes = this.serializer.serialize(value);
		Object read = this.serializer.deserialize(bytes);
		if (value != null) {
			assertThat(read).isInstanceOf(value.getClass());
		}
		return (T) read;
	}

	/** A round trip that compares content only, for JDK collections Jackson rebuilds. */
	@SuppressWarnings("unchecked")
	private <T> T copy(T value) {
		return (T) this.serializer.deserialize(this.serializer.serialize(value));
	}

	private String json(@org.jspecify.annotations.Nullable Object value) {
		return new String(this.serializer.serialize(value), StandardCharsets.UTF_8);
	}

	// Round trips

	static Stream<Object> scalars() {
		return Stream.of("hello", "123", "", "ünïcödé ✓", 42, 42L, -7L, Long.MAX_VALUE, (short) 3, (byte) 4, 1.5, -0.0,
				Double.MAX_VALUE, 1.25f, true, false, 'c', new BigDecimal("12.50"), new BigDecimal("1E+3"),
				new BigInteger("123456789012345678901234567890"), UUID.randomUUID(), Status.NEW, Status.SHIPPED);
	}

	@ParameterizedTest
	@MethodSource("scalars")
	void scalarsRoundTripToTheSameType(Object value) {
		assertThat(roundTrip(value)).isEqualTo(value);
	}

	@Test
	void nullRoundTrips() {
		assertThat(this.serializer.deserialize(this.serializer.serialize(null))).isNull();
		assertThat(json(null)).isEqualTo("{\"value\":null}");
	}

	@Test
	void doubleSpecialValuesRoundTrip() {
		assertThat(roundTrip(Double.NaN)).isNaN();
		assertThat(roundTrip(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
	}

	@Test
	void bigDecimalKeepsItsScale() {
		BigDecimal read = roundTrip(new BigDecimal("12.50"));
		assertThat(read.scale()).isEqualTo(2);
		assertThat(read).isEqualTo(new BigDecimal("12.50"));
	}

	@Test
	void byteArrayRoundTrips() {
		byte[] bytes = { 0, 1, 2, (byte) 0xAC, (byte) 0xED, -1 };
		assertThat(roundTrip(bytes)).containsExactly(bytes);
		assertThat(roundTrip(new byte[0])).isEmpty();
	}

	@Test
	void arraysRoundTrip() {
		assertThat(roundTrip(new String[] { "a", "b" })).containsExactly("a", "b");
		assertThat(roundTrip(new long[] { 1, 2 })).containsExactly(1, 2);
		assertThat(roundTrip(new Item[] { new Item("a", BigDecimal.ONE) }))
			.containsExactly(new Item("a", BigDecimal.ONE));
	}

	static Stream<Object> times() {
		return Stream.of(LocalDate.of(2024, 5, 1), LocalDateTime.of(2024, 5, 1, 10, 15, 30, 123_456_789),
				LocalTime.of(23, 59, 59, 1), Instant.parse("2024-05-01T10:15:30.123456789Z"),
				ZonedDateTime.of(2024, 5, 1, 10, 0, 0, 0, ZoneId.of("Europe/Paris")),
				ZonedDateTime.of(2024, 5, 1, 10, 0, 0, 0, ZoneOffset.ofHours(-3)),
				OffsetDateTime.of(2024, 5, 1, 10, 0, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)), Duration.ofMinutes(90),
				Duration.ofNanos(1), Period.of(1, 2, 3), Year.of(2024), YearMonth.of(2024, 5), ZoneOffset.ofHours(2),
				ZoneId.of("Europe/Paris"), new Date(1_714_557_330_123L));
	}

	@ParameterizedTest
	@MethodSource("times")
	void javaTimeValuesRoundTripWithoutAModule(Object value) {
		// ZoneId.of("Europe/Paris") is a private ZoneRegion, written as java.time.ZoneId
		assertThat(copy(value)).isEqualTo(value).isInstanceOf(value.getClass());
	}

	@Test
	void timesAreWrittenAsIsoText() {
		assertThat(json(LocalDate.of(2024, 5, 1))).isEqualTo("{\"value\":[\"java.time.LocalDate\",\"2024-05-01\"]}");
		assertThat(json(ZonedDateTime.of(2024, 5, 1, 10, 0, 0, 0, ZoneId.of("Europe/Paris"))))
			.contains("2024-05-01T10:00:00+02:00[Europe/Paris]");
		assertThat(json(Duration.ofMinutes(90))).contains("\"PT1H30M\"");
	}

	@Test
	void recordRoundTrips() {
		Item item = new Item("pen", new BigDecimal("1.99"));
		assertThat(roundTrip(item)).isEqualTo(item);
	}

	@Test
	void nestedRecordHoldingAListOfRecordsRoundTrips() {
		Order order = new Order("o-1",
				List.of(new Item("pen", new BigDecimal("1.99")), new Item("ink", BigDecimal.TEN)),
				LocalDate.of(2024, 5, 1), Status.SHIPPED, Map.of(Status.NEW, 1L), new Point(3, 4));
		Order read = roundTrip(order);
		assertThat(read).isEqualTo(order);
		assertThat(read.items()).allSatisfy((item) -> assertThat(item).isInstanceOf(Item.class));
		assertThat(read.counts().keySet()).containsExactly(Status.NEW);
	}

	@Test
	void mutablePojoWithDefaultConstructorRoundTrips() {
		Article article = new Article("Hello", List.of("a", "b"), Instant.parse("2024-05-01T10:00:00Z"));
		Article read = roundTrip(article);
		assertThat(read).isEqualTo(article).isNotSameAs(article);
		assertThat(read.getTags()).isInstanceOf(ArrayList.class);
	}

	@Test
	void recordDeclaringCollectionInterfacesRoundTrips() {
		// Regression: without java.util.** the declared java.util.List was refused on
		// write
		Bag bag = new Bag(List.of(1L, "two"), Map.of("k", List.of(LocalDate.of(2024, 1, 1))), Set.of("s"));
		assertThat(roundTrip(bag)).isEqualTo(bag);
	}

	@Test
	void pojoWithJsonCreatorRoundTrips() {
		assertThat(roundTrip(new Point(-1, 2))).isEqualTo(new Point(-1, 2));
	}

	@Test
	void collectionsOfRecordsAndPojosRoundTrip() {
		Item a = new Item("a", BigDecimal.ONE);
		Item b = new Item("b", new BigDecimal("2.50"));
		Article article = new Article("t", List.of(), null);
		assertThat(roundTrip(new ArrayList<>(List.of(a, b)))).containsExactly(a, b);
		assertThat(roundTrip(new LinkedList<>(List.of(a, b)))).containsExactly(a, b);
		assertThat(roundTrip(new HashSet<>(Set.of(a, b)))).containsExactlyInAnyOrder(a, b);
		assertThat(roundTrip(new LinkedHashSet<>(List.of(b, a)))).containsExactly(b, a);
		assertThat(roundTrip(new TreeSet<>(Set.of("b", "a")))).containsExactly("a", "b");
		assertThat(roundTrip(EnumSet.of(Status.SHIPPED))).containsExactly(Status.SHIPPED);
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("item", a);
		map.put("article", article);
		map.put("point", new Point(1, 1));
		map.put("when", LocalDate.of(2024, 1, 1));
		map.put("count", 3L);
		map.put("none", null);
		map.put("nested", new HashMap<>(Map.of("b", b)));
		assertThat(roundTrip(map)).isEqualTo(map);
		assertThat(roundTrip(new TreeMap<>(Map.of("x", List.of(a))))).isEqualTo(Map.of("x", List.of(a)));
		EnumMap<Status, Item> byStatus = new EnumMap<>(Status.class);
		byStatus.put(Status.NEW, a);
		assertThat(roundTrip(byStatus)).isEqualTo(byStatus);
	}

	@Test
	void jdkImmutableCollectionsComeBackEqual() {
		// documented: equal content, not necessarily the same (private) class
		Item a = new Item("a", BigDecimal.ONE);
		Item b = new Item("b", new BigDecimal("2.50"));
		assertThat(copy(List.of(a, b))).isInstanceOf(List.class).containsExactly(a, b);
		assertThat(copy(List.of(a))).isInstanceOf(List.class).containsExactly(a);
		assertThat(copy(Arrays.asList(a, null))).isInstanceOf(List.class).containsExactly(a, null);
		assertThat(copy(Collections.unmodifiableList(new ArrayList<>(List.of(a))))).isInstanceOf(List.class)
			.containsExactly(a);
		assertThat(copy(Set.of(a, b))).isInstanceOf(Set.class).containsExactlyInAnyOrder(a, b);
		assertThat(copy(Map.of("a", a, "b", b))).isInstanceOf(Map.class).isEqualTo(Map.of("a", a, "b", b));
	}

	@Test
	void valuesOfCollectionsKeepTheirTypes() {
		List<Object> values = Arrays.asList(1L, 2, 1.5, 2.5f, new BigDecimal("3.0"), LocalDate.of(2024, 1, 1), "s",
				true);
		List<Object> read = copy(values);
		assertThat(read).isEqualTo(values);
		for (int i = 0; i < values.size(); i++) {
			assertThat(read.get(i)).isInstanceOf(values.get(i).getClass());
		}
	}

	@Test
	void mapKeysOfAnUntypedMapComeBackAsStrings() {
		// documented limitation: Jackson types map values, not map keys
		Object read = this.serializer.deserialize(this.serializer.serialize(new HashMap<>(Map.of(1L, "one"))));
		assertThat(read).isEqualTo(Map.of("1", "one"));
	}

	@Test
	void formatIsAnEnvelopeWithClassNames() {
		assertThat(json("hello")).isEqualTo("{\"value\":\"hello\"}");
		assertThat(json(42L)).isEqualTo("{\"value\":[\"java.lang.Long\",42]}");
		assertThat(json(List.of(1.5, "a")))
			.isEqualTo("{\"value\":[\"java.util.ImmutableCollections$List12\",[1.5,\"a\"]]}");
		assertThat(json(new Article("Hi", List.of("a"), null))).isEqualTo("{\"value\":{\"@class\":\"" + PREFIX
				+ "Article\",\"published\":null,\"tags\":[\"java.util.ArrayList\",[\"a\"]],\"title\":\"Hi\"}}");
	}

	static Stream<Object> everything() {
		return Stream
			.of(scalars(), times(), Stream.of(0, -1, 123, Long.MIN_VALUE, BigInteger.TEN, new byte[] { '1', '2' },
					List.of(1, 2), new Item("1", BigDecimal.ONE), Map.of("1", 1)))
			.flatMap((stream) -> stream);
	}

	@ParameterizedTest
	@MethodSource("everything")
	void outputIsNeverPlainDecimalText(Object value) {
		byte[] bytes = this.serializer.serialize(value);
		assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotMatch("-?[0-9]+").startsWith("{\"value\":");
		// what BaseCache reads back as a counter: -?[0-9]{1,19}
		assertThat(new String(bytes, StandardCharsets.US_ASCII)).doesNotMatch("-?[0-9]{1,19}");
	}

	// Allow-list on read

	@Test
	void payloadNamingAClassOutsideTheListIsRefusedBeforeTheClassIsInitialized() throws Exception {
		String gadget = PREFIX + "Gadget";
		// the class exists (looked up without initialization), so only the allow-list
		// stops it
		assertThat(Class.forName(gadget, false, getClass().getClassLoader())).isNotNull();
		assertThat(ALLOW_LIST.allows(Class.forName(gadget, false, getClass().getClassLoader()))).isFalse();
		List<String> payloads = List.of("{\"value\":{\"@class\":\"" + gadget + "\",\"name\":\"x\"}}",
				"{\"value\":{\"name\":\"x\",\"@class\":\"" + gadget + "\"}}", "{\"value\":[\"" + gadget + "\",{}]}",
				"{\"value\":[\"java.util.ArrayList\",[{\"@class\":\"" + gadget + "\"}]]}",
				"{\"value\":[\"[L" + gadget + ";\",[{}]]}",
				"{\"value\":{\"@class\":\"" + PREFIX + "Holder\",\"payload\":{\"@class\":\"" + gadget + "\"}}}");
		for (String payload : payloads) {
			assertThatExceptionOfType(SerializationException.class)
				.isThrownBy(() -> this.serializer.deserialize(payload.getBytes(StandardCharsets.UTF_8)))
				.withMessageContaining(gadget)
				.withMessageContaining("allow-list");
		}
		assertThat(GADGET_INITIALIZED).isFalse();
		assertThat(GADGET_CONSTRUCTED).isFalse();
	}

	@Test
	void typeParametersOfAGenericTypeIdAreCheckedBeforeJacksonLoadsThem() {
		// Jackson's PolymorphicTypeValidator sees only "java.util.ArrayList" here, and
		// its TypeFactory loads type parameters with initialization
		String gadget = PREFIX + "GenericGadget";
		for (String payload : List.of("{\"value\":[\"java.util.ArrayList<" + gadget + ">\",[]]}",
				"{\"value\":[\"java.util.EnumSet<" + gadget + ">\",[]]}",
				"{\"value\":[\"java.util.HashMap<java.lang.String," + gadget + "[]>\",{}]}")) {
			assertThatExceptionOfType(SerializationException.class)
				.isThrownBy(() -> this.serializer.deserialize(payload.getBytes(StandardCharsets.UTF_8)))
				.withMessageContaining(gadget)
				.withMessageContaining("options.allowed-classes");
		}
		assertThat(GENERIC_GADGET_INITIALIZED).isFalse();
	}

	@Test
	void jdkClassOutsideTheListIsRefused() {
		for (String payload : List.of("{\"value\":[\"java.net.URL\",\"http://example.com\"]}",
				"{\"value\":{\"@class\":\"java.lang.ProcessBuilder\"}}",
				"{\"value\":[\"java.util.ArrayList\",[[\"java.net.URL\",\"http://example.com\"]]]}")) {
			assertThatExceptionOfType(SerializationException.class)
				.isThrownBy(() -> this.serializer.deserialize(payload.getBytes(StandardCharsets.UTF_8)))
				.withMessageContaining("allow-list");
		}
	}

	@Test
	void sideEffectingJdkClassesAreRefusedBeforeTheyAreBuilt() {
		// Regression: java.util.** let a payload build a java.util.Timer, whose
		// constructor starts a thread, on every read
		long timers = timerThreads();
		for (String payload : List.of("{\"value\":{\"@class\":\"java.util.Timer\"}}",
				"{\"value\":[\"java.util.Timer\",{}]}",
				"{\"value\":[\"java.util.ArrayList\",[[\"java.util.Timer\",{}]]]}",
				"{\"value\":[\"java.util.concurrent.ConcurrentHashMap\",{}]}",
				"{\"value\":[\"java.util.Scanner\",\"x\"]}")) {
			assertThatExceptionOfType(SerializationException.class)
				.isThrownBy(() -> this.serializer.deserialize(payload.getBytes(StandardCharsets.UTF_8)))
				.withMessageContaining("allow-list");
		}
		assertThat(timerThreads()).isEqualTo(timers);
	}

	private static long timerThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("Timer-"))
			.count();
	}

	@Test
	void unknownClassIsRefused() {
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.serializer
				.deserialize("{\"value\":{\"@class\":\"com.example.NoSuchClass\"}}".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("com.example.NoSuchClass");
	}

	@Test
	void narrowListRefusesRecordsAndJdkTypesOnRead() {
		JsonSerializer narrow = new JsonSerializer(AllowList.of(List.of("java.lang.*")));
		byte[] bytes = this.serializer.serialize(new Item("a", BigDecimal.ONE));
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> narrow.deserialize(bytes))
			.withMessageContaining(Item.class.getName());
		byte[] date = this.serializer.serialize(LocalDate.of(2024, 1, 1));
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> narrow.deserialize(date))
			.withMessageContaining("java.time.LocalDate");
		assertThat(narrow.deserialize(this.serializer.serialize(7L))).isEqualTo(7L);
	}

	// Allow-list on write

	@Test
	void writingAClassOutsideTheListIsRefusedNamingTheSetting() {
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.serializer.serialize(new Unlisted("x")))
			.withMessageContaining(Unlisted.class.getName())
			.withMessageContaining("options.allowed-classes");
	}

	@Test
	void writingANestedClassOutsideTheListIsRefused() {
		Unlisted unlisted = new Unlisted("x");
		Map<Unlisted, String> byKey = new HashMap<>();
		byKey.put(unlisted, "v");
		for (Object value : List.of(new Holder(unlisted), List.of(unlisted), Map.of("k", unlisted), byKey,
				new Unlisted[] { unlisted }, List.of(List.of(unlisted)))) {
			assertThatExceptionOfType(SerializationException.class).as("%s", value)
				.isThrownBy(() -> this.serializer.serialize(value))
				.withMessageContaining(Unlisted.class.getName())
				.withMessageContaining("options.allowed-classes");
		}
	}

	@Test
	void writingAFinalClassOutsideTheListIsRefusedThoughItGetsNoTypeId() {
		// a record component of a final class is written without a type id: the
		// serializer modifier, not the type id check, refuses it
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.serializer.serialize(new Sealed(new FinalUnlisted())))
			.withMessageContaining(FinalUnlisted.class.getName())
			.withMessageContaining("options.allowed-classes");
		assertThat(roundTrip(new Sealed(null))).isEqualTo(new Sealed(null));
	}

	@Test
	void refusalOnWriteIsRepeatable() {
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(SerializationException.class)
				.isThrownBy(() -> this.serializer.serialize(new Holder(new Unlisted("x"))))
				.withMessageContaining(Unlisted.class.getName());
		}
		assertThat(roundTrip(new Holder(new Item("ok", BigDecimal.ONE))))
			.isEqualTo(new Holder(new Item("ok", BigDecimal.ONE)));
	}

	@Test
	void narrowListRefusesRecordsAndJdkTypesOnWrite() {
		JsonSerializer narrow = new JsonSerializer(AllowList.of(List.of("java.lang.*")));
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> narrow.serialize(new Item("a", BigDecimal.ONE)))
			.withMessageContaining(Item.class.getName());
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> narrow.serialize(LocalDate.of(2024, 1, 1)))
			.withMessageContaining("java.time.LocalDate");
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> narrow.serialize(List.of("a")))
			.withMessageContaining("java.util.ImmutableCollections");
		assertThat(narrow.deserialize(narrow.serialize("a"))).isEqualTo("a");
	}

	@Test
	void valueJacksonCannotWriteIsASerializationException() {
		List<Object> cycle = new ArrayList<>();
		cycle.add(cycle);
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> this.serializer.serialize(cycle))
			.withMessageContaining("java.util.ArrayList");
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.serializer.serialize(new Exploding("x")))
			.withMessageContaining("cannot serialize a " + Exploding.class.getName())
			.withMessageContaining("boom");
	}

	// Corrupt input

	static Stream<byte[]> corrupt() throws IOException {
		List<byte[]> corrupt = new ArrayList<>();
		Stream
			.of("", " ", "garbage", "{", "{\"value\":", "{\"value\":1}x", "{\"value\":1}{\"value\":2}", "null", "123",
					"\"text\"", "[]", "[\"java.lang.Long\",1]", "{\"value\":[\"java.lang.Long\",\"abc\"]}", "{}",
					"{\"other\":1}", "{\"value\":[\"java.util.ArrayList\",{}]}",
					"{\"value\":{\"@class\":\"java.lang.String\"}}", "{\"value\":{\"@class\":42}}",
					"{\"value\":[\"java.time.LocalDate\",\"yesterday\"]}",
					"{\"value\":[\"" + PREFIX + "Status\",\"NOPE\"]}",
					"{\"value\":{\"@class\":\"" + PREFIX + "Point\",\"x\":\"NaN-ish\"}}", "{\"value\":{\"a\":1}}",
					"{\"value\":" + "9".repeat(5_000) + "}", "[".repeat(100_000),
					"{\"value\":" + "[\"java.util.ArrayList\",[".repeat(5_000))
			.forEach((text) -> corrupt.add(text.getBytes(StandardCharsets.UTF_8)));
		ByteArrayOutputStream java = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(java)) {
			out.writeObject("java serialization");
		}
		corrupt.add(java.toByteArray());
		byte[] random = new byte[256];
		new Random(42).nextBytes(random);
		corrupt.add(random);
		corrupt.add(new byte[] { (byte) 0xFF, (byte) 0xFE, 0 });
		corrupt.add(new byte[] { '{', '"', 'v', (byte) 0xC3 });
		return corrupt.stream();
	}

	@ParameterizedTest
	@MethodSource("corrupt")
	void corruptBytesAreASerializationException(byte[] bytes) {
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> this.serializer.deserialize(bytes));
	}

	// Bounds on what one read may cost (issue 14, item 6)

	@Test
	void nestingDeeperThanTheLimitIsRefused() {
		// each typed list is two JSON arrays: 20 lists nest 41 levels, 40 lists 81
		assertThat(copy(nestedLists(20))).isEqualTo(nestedLists(20));
		String deep = "{\"value\":" + "[\"java.util.ArrayList\",[".repeat(40) + "]]".repeat(40) + "}";
		ReadCost cost = ReadCost.of(() -> this.serializer.deserialize(deep.getBytes(StandardCharsets.UTF_8)));
		assertThat(cost.thrown()).as("%s", cost)
			.isInstanceOf(SerializationException.class)
			.hasMessageContaining("nesting depth");
	}

	@Test
	void nestedHashSetsAreReadWithinTheBudget() {
		// JSON has no shared references, so SerialDOS's nested sets are a tree: 24 levels
		// of two sets each cost what their bytes say
		String sets = "{\"value\":" + nestedSets(24) + "}";
		assertThat(sets.length()).isLessThan(64 * 1024);
		ReadCost cost = ReadCost.of(() -> this.serializer.deserialize(sets.getBytes(StandardCharsets.UTF_8)));
		assertThat(cost.thrown()).as("%s", cost).isNull();
		assertThat(cost.cpuMillis()).as("%s", cost).isLessThan(50);
	}

	@Test
	void numbersLongerThanTheLimitAreRefused() {
		for (String number : List.of("[\"java.math.BigInteger\"," + "9".repeat(1_001) + "]",
				"[\"java.math.BigDecimal\",1e" + "9".repeat(1_001) + "]", "[\"java.math.BigInteger\",1e999999999]")) {
			byte[] bytes = ("{\"value\":" + number + "}").getBytes(StandardCharsets.UTF_8);
			ReadCost cost = ReadCost.of(() -> this.serializer.deserialize(bytes));
			assertThat(cost.thrown()).as("%s", cost).isInstanceOf(SerializationException.class);
			assertThat(cost.allocatedBytes()).as("%s", cost).isLessThan(1 << 20);
		}
	}

	private static List<Object> nestedLists(int depth) {
		List<Object> list = new ArrayList<>();
		for (int i = 0; i < depth; i++) {
			list = new ArrayList<>(List.of(list));
		}
		return list;
	}

	/** Two sets per level, the first holding the next level, as JSON text. */
	private static String nestedSets(int depth) {
		String level = "[\"java.util.HashSet\",[\"foo\"]]";
		for (int i = 0; i < depth; i++) {
			level = "[\"java.util.HashSet\",[" + level + ",[\"java.util.HashSet\",[]]]]";
		}
		return level;
	}

	// A backend

	@Test
	void plugsIntoLocMemCacheWhichStoresCopies() {
		CacheSettings settings = CacheSettings.builder("json")
			.location("json-test")
			.serializer(new JsonSerializer(ALLOW_LIST))
			.build();
		try (LocMemCache cache = new LocMemCache(settings)) {
			Article article = new Article("Hello", new ArrayList<>(List.of("a")),
					Instant.parse("2024-05-01T10:00:00Z"));
			cache.set("article", article);
			article.setTitle("changed after set");
			article.getTags().add("b");
			Article read = cache.get("article");
			assertThat(read).isNotSameAs(article)
				.isEqualTo(new Article("Hello", List.of("a"), Instant.parse("2024-05-01T10:00:00Z")));
			read.setTitle("changed after get");
			assertThat(cache.<Article>get("article").getTitle()).isEqualTo("Hello");
			cache.set("counter", 5);
			assertThat(cache.incr("counter")).isEqualTo(6);
			assertThat(cache.<Object>get("counter")).isEqualTo(6L);
			assertThatExceptionOfType(SerializationException.class)
				.isThrownBy(() -> cache.set("refused", new Holder(new Unlisted("x"))))
				.withMessageContaining("Cache 'json'")
				.withMessageContaining("options.allowed-classes");
			cache.clear();
		}
	}

	// Test types

	record Item(String name, BigDecimal price) {
	}

	record Bag(List<Object> items, Map<String, Object> byKey, Set<Object> set) {
	}

	record Order(String id, List<Item> items, LocalDate date, Status status, Map<Status, Long> counts, Point point) {
	}

	/** A record whose component's class is final, so written without a type id. */
	record Sealed(FinalUnlisted unlisted) {
	}

	/** A record whose accessor fails. */
	record Exploding(String name) {

		@Override
		public String name() {
			throw new IllegalStateException("boom");
		}

	}

	/** A record holding anything: its component is typed. */
	record Holder(Object payload) {
	}

	enum Status {

		NEW, SHIPPED {
			@Override
			public String toString() {
				return "shipped";
			}
		}

	}

	/** A mutable bean with a default constructor. */
	public static class Article {

		private String title;

		private List<String> tags = new ArrayList<>();

		private Instant published;

		public Article() {
		}

		Article(String title, List<String> tags, Instant published) {
			this.title = title;
			this.tags = new ArrayList<>(tags);
			this.published = published;
		}

		public String getTitle() {
			return this.title;
		}

		public void setTitle(String title) {
			this.title = title;
		}

		public List<String> getTags() {
			return this.tags;
		}

		public void setTags(List<String> tags) {
			this.tags = tags;
		}

		public Instant getPublished() {
			return this.published;
		}

		public void setPublished(Instant published) {
			this.published = published;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Article article && Objects.equals(this.title, article.title)
					&& Objects.equals(this.tags, article.tags) && Objects.equals(this.published, article.published);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.title, this.tags, this.published);
		}

		@Override
		public String toString() {
			return "Article[" + this.title + ", " + this.tags + ", " + this.published + "]";
		}

	}

	/** An immutable class built through a {@code @JsonCreator}. */
	public static final class Point {

		private final int x;

		private final int y;

		@JsonCreator
		public Point(@JsonProperty("x") int x, @JsonProperty("y") int y) {
			this.x = x;
			this.y = y;
		}

		public int getX() {
			return this.x;
		}

		public int getY() {
			return this.y;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Point point && this.x == point.x && this.y == point.y;
		}

		@Override
		public int hashCode() {
			return 31 * this.x + this.y;
		}

	}

	/** A class the allow-list does not name. */
	public static class Unlisted {

		private String name;

		public Unlisted() {
		}

		Unlisted(String name) {
			this.name = name;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

	}

	/** A final class the allow-list does not name. */
	public static final class FinalUnlisted {

		public String getName() {
			return "final";
		}

	}

	/** Outside the allow-list; only ever named in forged payloads, never used. */
	public static class Gadget {

		static {
			GADGET_INITIALIZED.set(true);
		}

		private String name;

		public Gadget() {
			GADGET_CONSTRUCTED.set(true);
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

	}

	/** Outside the allow-list; only ever named as a type parameter, never used. */
	public static class GenericGadget {

		static {
			GENERIC_GADGET_INITIALIZED.set(true);
		}

	}

}
