package dev.cachette.cache.serialization;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The classes a serializer may read and write. Bytes in a shared store can be forged, and
 * Java deserialization of an arbitrary class is remote code execution (the reason the
 * seeds warn about Django's pickle), so every serializer consults one of these.
 *
 * <p>
 * A pattern is a class name ({@code com.example.Article}), a package
 * ({@code com.example.*}, its classes only) or a package tree ({@code com.example.**}).
 * Arrays are allowed when their component type is, primitives always, and so is the
 * envelope {@code getOrSet} stores with a refresh (its value is checked like any other).
 * A record is allowed like any other class, only when a pattern names it: its canonical
 * constructor runs on every read, and a record elsewhere on the classpath may do anything
 * there.
 *
 * <p>
 * {@link #defaults()} names concrete value types, never a JDK package, because a JDK
 * package also holds classes that act when built ({@code java.util.Timer} starts a
 * thread, {@code java.util.concurrent} has executors): the boxed primitives,
 * {@code String}, {@code BigDecimal}, {@code BigInteger}, {@code URI}; the
 * {@code java.util} collections and maps ({@code ArrayList}, {@code LinkedList},
 * {@code HashMap}, {@code LinkedHashMap}, {@code TreeMap}, {@code HashSet},
 * {@code LinkedHashSet}, {@code TreeSet}, {@code ArrayDeque}, {@code EnumMap},
 * {@code EnumSet}, and the classes behind {@code List.of}, {@code Arrays.asList} and
 * {@code Collections.unmodifiable*}, {@code empty*} and {@code singleton*}),
 * {@code UUID}, {@code Locale}, {@code Currency}, {@code Date}, {@code Optional}; the
 * {@code java.time} values; and the values Cachette itself stores (the revalidation
 * flow's envelope, always allowed, and the page cache's pages). The auto-configuration
 * adds the application's own packages (those of {@code @SpringBootApplication}, as
 * {@code pkg.**}) and the alias's {@code options.allowed-classes}.
 */
public final class AllowList {

	/** Concrete JDK value types: named one by one, no package wildcard (see above). */
	private static final List<String> JDK_DEFAULTS = List.of("java.lang.String", "java.lang.Boolean",
			"java.lang.Character", "java.lang.Number", "java.lang.Byte", "java.lang.Short", "java.lang.Integer",
			"java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Enum", "java.lang.Object",
			"java.math.BigDecimal", "java.math.BigInteger", "java.net.URI",
			// collections and maps, and the private classes List.of, Set.of, Map.of,
			// Arrays.asList and Collections' wrappers produce (CollSer is the
			// serialized form of the ImmutableCollections)
			"java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap",
			"java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
			"java.util.ArrayDeque", "java.util.EnumMap", "java.util.EnumSet", "java.util.RegularEnumSet",
			"java.util.JumboEnumSet", "java.util.EnumSet$SerializationProxy", "java.util.CollSer",
			"java.util.ImmutableCollections$List12", "java.util.ImmutableCollections$ListN",
			"java.util.ImmutableCollections$SubList", "java.util.ImmutableCollections$Set12",
			"java.util.ImmutableCollections$SetN", "java.util.ImmutableCollections$Map1",
			"java.util.ImmutableCollections$MapN", "java.util.Arrays$ArrayList",
			"java.util.Collections$UnmodifiableCollection", "java.util.Collections$UnmodifiableList",
			"java.util.Collections$UnmodifiableRandomAccessList", "java.util.Collections$UnmodifiableSet",
			"java.util.Collections$UnmodifiableSortedSet", "java.util.Collections$UnmodifiableNavigableSet",
			"java.util.Collections$UnmodifiableMap", "java.util.Collections$UnmodifiableSortedMap",
			"java.util.Collections$UnmodifiableNavigableMap", "java.util.Collections$EmptyList",
			"java.util.Collections$EmptySet", "java.util.Collections$EmptyMap", "java.util.Collections$SingletonList",
			"java.util.Collections$SingletonSet", "java.util.Collections$SingletonMap",
			// interfaces, never built: declared types of record components and bean
			// properties, which the JSON serializer builds serializers for; Map.Entry[]
			// is the table HashMap.readObject sizes through the filter (checkArray)
			"java.util.Collection", "java.util.List", "java.util.Set", "java.util.SortedSet", "java.util.NavigableSet",
			"java.util.Queue", "java.util.Deque", "java.util.Map", "java.util.SortedMap", "java.util.NavigableMap",
			"java.util.Map$Entry",
			// other java.util values
			"java.util.UUID", "java.util.Locale", "java.util.Currency", "java.util.Date", "java.util.Optional",
			// java.time values, and Ser, the serialized form of them all
			"java.time.Instant", "java.time.LocalDate", "java.time.LocalDateTime", "java.time.LocalTime",
			"java.time.OffsetDateTime", "java.time.OffsetTime", "java.time.ZonedDateTime", "java.time.Duration",
			"java.time.Period", "java.time.Year", "java.time.YearMonth", "java.time.MonthDay", "java.time.ZoneId",
			"java.time.ZoneOffset", "java.time.ZoneRegion", "java.time.DayOfWeek", "java.time.Month", "java.time.Ser");

	/**
	 * The values Cachette stores itself, by name: no {@code dev.cachette.**}, which would
	 * also allow every class of an application in a {@code dev.cachette} package.
	 */
	private static final List<String> CACHETTE_DEFAULTS = List.of("dev.cachette.web.CachedPage");

	/**
	 * The revalidation flow's envelope, always allowed; by name, as every class of the
	 * list, since the flow sits above serialization.
	 */
	private static final String ENVELOPE = "dev.cachette.cache.revalidation.Envelope";

	private static final List<String> DEFAULTS = java.util.stream.Stream
		.concat(JDK_DEFAULTS.stream(), CACHETTE_DEFAULTS.stream())
		.toList();

	private final Set<String> classes;

	private final List<String> packages;

	private final List<String> packageTrees;

	private AllowList(Collection<String> patterns) {
		Set<String> classes = new java.util.HashSet<>();
		List<String> packages = new ArrayList<>();
		List<String> trees = new ArrayList<>();
		for (String raw : patterns) {
			String pattern = raw.trim();
			if (pattern.endsWith(".**")) {
				trees.add(pattern.substring(0, pattern.length() - 2));
			}
			else if (pattern.endsWith(".*")) {
				packages.add(pattern.substring(0, pattern.length() - 1));
			}
			else if (!pattern.isEmpty()) {
				classes.add(pattern);
			}
		}
		this.classes = Set.copyOf(classes);
		this.packages = List.copyOf(packages);
		this.packageTrees = List.copyOf(trees);
	}

	/**
	 * The JDK value and collection types, and the values Cachette stores.
	 * @return the default allow-list
	 */
	public static AllowList defaults() {
		return new AllowList(DEFAULTS);
	}

	/**
	 * Only the given patterns.
	 * @param patterns class names, {@code pkg.*} or {@code pkg.**}
	 * @return the allow-list
	 */
	public static AllowList of(Collection<String> patterns) {
		return new AllowList(patterns);
	}

	/**
	 * Returns this list with more patterns.
	 * @param patterns class names, {@code pkg.*} or {@code pkg.**}
	 * @return a new allow-list
	 */
	public AllowList and(Collection<String> patterns) {
		List<String> all = new ArrayList<>(patterns());
		all.addAll(patterns);
		return new AllowList(all);
	}

	/**
	 * Tells whether a class may be serialized and deserialized.
	 * @param type the class
	 * @return whether it is allowed
	 */
	public boolean allows(Class<?> type) {
		Class<?> component = type;
		while (component.isArray()) {
			component = component.getComponentType();
		}
		if (component.isPrimitive() || component.getName().equals(ENVELOPE)) {
			return true;
		}
		String name = component.getName();
		if (this.classes.contains(name)) {
			return true;
		}
		String packageName = packageOf(name);
		for (String pkg : this.packages) {
			if (packageName.equals(pkg.substring(0, pkg.length() - 1))) {
				return true;
			}
		}
		for (String tree : this.packageTrees) {
			if (name.startsWith(tree)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The patterns of this list, in the form accepted by {@link #of}.
	 * @return the patterns
	 */
	public List<String> patterns() {
		List<String> patterns = new ArrayList<>(this.classes);
		this.packages.forEach((pkg) -> patterns.add(pkg + "*"));
		this.packageTrees.forEach((tree) -> patterns.add(tree + "**"));
		return patterns;
	}

	private static String packageOf(String className) {
		int dot = className.lastIndexOf('.');
		return (dot < 0) ? "" : className.substring(0, dot);
	}

	@Override
	public String toString() {
		return "AllowList" + patterns();
	}

}
