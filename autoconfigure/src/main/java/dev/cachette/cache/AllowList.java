package dev.cachette.cache;

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
 * Arrays are allowed when their component type is, records anywhere when
 * {@link #withRecords} is on (a record is rebuilt through its canonical constructor,
 * never by field injection), primitives always.
 *
 * <p>
 * {@link #defaults()} allows the JDK value and collection types: boxed primitives,
 * {@code String}, {@code java.util.**} (collections, {@code UUID}, {@code Locale},
 * {@code Optional}-free value types), {@code java.time.**}, {@code BigDecimal},
 * {@code BigInteger}, {@code URI}, and records. The auto-configuration adds the
 * application's own packages (those of {@code @SpringBootApplication}) and the alias's
 * {@code options.allowed-classes}.
 */
public final class AllowList {

	private static final List<String> JDK_DEFAULTS = List.of("java.lang.String", "java.lang.Boolean",
			"java.lang.Character", "java.lang.Number", "java.lang.Byte", "java.lang.Short", "java.lang.Integer",
			"java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Enum", "java.lang.Object",
			"java.math.BigDecimal", "java.math.BigInteger", "java.net.URI", "java.util.**", "java.time.**");

	private final Set<String> classes;

	private final List<String> packages;

	private final List<String> packageTrees;

	private final boolean records;

	private AllowList(Collection<String> patterns, boolean records) {
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
		this.records = records;
	}

	/**
	 * The JDK value and collection types, and records.
	 * @return the default allow-list
	 */
	public static AllowList defaults() {
		return new AllowList(JDK_DEFAULTS, true);
	}

	/**
	 * Only the given patterns (records not included).
	 * @param patterns class names, {@code pkg.*} or {@code pkg.**}
	 * @return the allow-list
	 */
	public static AllowList of(Collection<String> patterns) {
		return new AllowList(patterns, false);
	}

	/**
	 * Returns this list with more patterns.
	 * @param patterns class names, {@code pkg.*} or {@code pkg.**}
	 * @return a new allow-list
	 */
	public AllowList and(Collection<String> patterns) {
		List<String> all = new ArrayList<>(patterns());
		all.addAll(patterns);
		return new AllowList(all, this.records);
	}

	/**
	 * Returns this list allowing, or not, every record class.
	 * @param allowed whether records are allowed
	 * @return a new allow-list
	 */
	public AllowList withRecords(boolean allowed) {
		return new AllowList(patterns(), allowed);
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
		if (component.isPrimitive() || component == Envelope.class || (this.records && component.isRecord())) {
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
		return "AllowList" + patterns() + (this.records ? " + records" : "");
	}

}
