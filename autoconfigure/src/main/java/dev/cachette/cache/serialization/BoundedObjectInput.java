package dev.cachette.cache.serialization;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One Java deserialization, bounded by what its input could legitimately describe, so
 * that bytes a hostile store hands back cost at most a small multiple of their own size.
 * The limits are those of an {@link ObjectInputFilter} (JEP 290), set per read from the
 * input's length, plus two that a filter alone cannot express:
 * <ul>
 * <li>An array may not declare more elements than the rest of the input could hold: each
 * element takes at least one byte ({@code TC_NULL}), or its primitive size, so a 35-byte
 * entry can no longer declare a {@code long[100_000_000]}. The JDK's collections size
 * their arrays through the same check ({@code SharedSecrets...checkArray}).</li>
 * <li>Hashing work. Java serialization can share an object between parents, so a graph of
 * a few hundred bytes can unfold into 2^30 paths, and {@code HashSet.readObject} hashes
 * each element it reads: SerialDOS (Wouter Coekaerts, 2015) makes one read take minutes.
 * Each JDK collection, map and record read is weighed when resolved (the number of
 * elements its {@code hashCode} visits, counted through shared references), and a read is
 * refused when one value weighs more than the input explains, when the hash collections
 * have hashed more than a budget, or when the read has spent more CPU time than its input
 * explains (a forged set can list one heavy element thousands of times; the filter sees
 * each repeat). Other classes are weighed as one, their {@code hashCode} being the
 * application's own.</li>
 * </ul>
 * Not thread-safe: one instance per read.
 */
final class BoundedObjectInput extends ObjectInputStream {

	/** Deeper graphs are refused; Cachette's own values nest about six levels. */
	static final int MAX_DEPTH = 32;

	/** Any value may weigh this much; beyond, it must be explained by its references. */
	private static final long MIN_WEIGHT_LIMIT = 256 * 1024;

	/**
	 * Hash steps any read may take. Hashing a nested HashSet element takes about 80 ns
	 * and allocates its iterator (about 28 bytes): 20,000 steps, overshot by the last
	 * set's, stay near 5 ms and 1 MB.
	 */
	private static final long MIN_HASHING_BUDGET = 20_000;

	/** How much weight one reference read may explain: legitimate sharing, bounded. */
	private static final long WEIGHT_PER_REFERENCE = 4;

	/** CPU time every read may spend, for class loading and a cold JIT. */
	private static final long BASE_CPU_NANOS = 30_000_000;

	/** CPU time per input byte: a warm read takes about 10 ns per byte. */
	private static final long CPU_NANOS_PER_BYTE = 100;

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	/** The fields behind each record's components, looked up once per class. */
	private static final ClassValue<Field[]> COMPONENT_FIELDS = new ClassValue<>() {
		@Override
		protected Field[] computeValue(Class<?> type) {
			RecordComponent[] components = type.getRecordComponents();
			Field[] fields = new Field[components.length];
			for (int i = 0; i < components.length; i++) {
				try {
					Field field = type.getDeclaredField(components[i].getName());
					fields[i] = (!field.getType().isPrimitive() && field.trySetAccessible()) ? field : null;
				}
				catch (NoSuchFieldException ex) {
					fields[i] = null;
				}
			}
			return fields;
		}
	};

	private final long length;

	private final long deadline;

	private final long cpuBudget;

	private final long cpuStart;

	private final Map<Object, Long> weights = new IdentityHashMap<>();

	private long references;

	private long hashed;

	private @Nullable String refusal;

	private BoundedObjectInput(byte[] bytes, long now) throws IOException {
		super(new ByteArrayInputStream(bytes));
		this.length = bytes.length;
		this.cpuBudget = BASE_CPU_NANOS + CPU_NANOS_PER_BYTE * bytes.length;
		this.deadline = now + this.cpuBudget;
		this.cpuStart = cpuTime();
		enableResolveObject(true);
	}

	/**
	 * Opens a bounded read of the given bytes.
	 * @param bytes the whole input
	 * @param allowList the classes it may instantiate
	 * @return the stream, its filter installed
	 * @throws IOException if the stream header is not Java serialization
	 */
	static BoundedObjectInput open(byte[] bytes, AllowList allowList) throws IOException {
		BoundedObjectInput in = new BoundedObjectInput(bytes, System.nanoTime());
		in.setObjectInputFilter((info) -> in.check(info, allowList));
		return in;
	}

	/**
	 * Why the last read was refused, which {@link ObjectInputStream} reports only as
	 * "REJECTED".
	 * @return the reason, or {@code null}
	 */
	@Nullable String refusal() {
		return this.refusal;
	}

	private ObjectInputFilter.Status refuse(String reason) {
		this.refusal = reason;
		return ObjectInputFilter.Status.REJECTED;
	}

	private ObjectInputFilter.Status check(ObjectInputFilter.FilterInfo info, AllowList allowList) {
		ObjectInputFilter.Status limits = checkLimits(info);
		Class<?> type = info.serialClass();
		if (limits != ObjectInputFilter.Status.UNDECIDED || type == null) {
			return limits;
		}
		if (!allowList.allows(type)) {
			return refuse("class " + type.getName()
					+ ", which is not in the serializer's allow-list (options.allowed-classes)");
		}
		return ObjectInputFilter.Status.ALLOWED;
	}

	private ObjectInputFilter.Status checkLimits(ObjectInputFilter.FilterInfo info) {
		this.references = info.references();
		if (info.depth() > MAX_DEPTH) {
			return refuse("an object graph deeper than " + MAX_DEPTH + " levels");
		}
		// Every object read takes at least one byte of the stream, so neither of these
		// can pass on a well-formed input; they bound a stream that is not one.
		if (info.references() > this.length || info.streamBytes() > this.length) {
			return refuse("more references or bytes than the input's " + this.length + " bytes");
		}
		if (info.arrayLength() >= 0) {
			long remaining = this.length - info.streamBytes();
			long fit = remaining / elementSize(info.serialClass());
			if (info.arrayLength() > fit) {
				return refuse("an array of " + info.arrayLength()
						+ " elements where the rest of the input holds at most " + fit);
			}
		}
		if (System.nanoTime() > this.deadline && cpuTime() - this.cpuStart > this.cpuBudget) {
			return refuse("a read over its CPU budget of " + this.cpuBudget / 1_000_000 + " ms for " + this.length
					+ " bytes (a forged hash collection repeating one element?)");
		}
		return ObjectInputFilter.Status.UNDECIDED;
	}

	private static long elementSize(@Nullable Class<?> array) {
		Class<?> component = (array != null) ? array.getComponentType() : null;
		if (component == long.class || component == double.class) {
			return 8;
		}
		if (component == int.class || component == float.class) {
			return 4;
		}
		if (component == short.class || component == char.class) {
			return 2;
		}
		return 1;
	}

	private static long cpuTime() {
		long cpu = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
		return (cpu >= 0) ? cpu : System.nanoTime();
	}

	/**
	 * Weighs each collection, map and record as it is read, before any parent can hash
	 * it: its elements are read, and weighed, first.
	 */
	@Override
	protected Object resolveObject(Object value) throws IOException {
		long weight;
		if (value instanceof Collection<?> collection) {
			weight = 1 + weightOf(collection);
		}
		else if (value instanceof Map<?, ?> map) {
			weight = 1 + weightOf(map.keySet()) + weightOf(map.values());
		}
		else if (value.getClass().isRecord()) {
			weight = 1 + weightOfComponents(value);
		}
		else {
			return value;
		}
		long limit = Math.max(MIN_WEIGHT_LIMIT, WEIGHT_PER_REFERENCE * this.references);
		if (weight > limit) {
			throw refused("a value whose hashCode visits " + weight + " elements through shared references, more than "
					+ limit + " for " + this.references + " references read");
		}
		if (value instanceof HashSet<?> || value instanceof HashMap<?, ?>) {
			// HashSet and HashMap (and their linked subclasses) hashed each key on read
			this.hashed += weight;
			long budget = Math.max(MIN_HASHING_BUDGET, WEIGHT_PER_REFERENCE * this.references);
			if (this.hashed > budget) {
				throw refused("hash collections whose keys took " + this.hashed + " hash steps, more than " + budget
						+ " for " + this.references + " references read (nested sets sharing elements, SerialDOS)");
			}
		}
		this.weights.put(value, weight);
		return value;
	}

	private long weightOf(Collection<?> elements) {
		long weight = 0;
		for (Object element : elements) {
			weight += weightOfElement(element);
		}
		return weight;
	}

	private long weightOfElement(@Nullable Object element) {
		// a value not weighed yet is a leaf, or a parent still being read (a cycle)
		Long weight = (element != null) ? this.weights.get(element) : null;
		return (weight != null) ? weight : 1;
	}

	/**
	 * Reads the fields, not the accessors, which could be anything the record declares.
	 */
	private long weightOfComponents(Object record) {
		long weight = 0;
		for (Field field : COMPONENT_FIELDS.get(record.getClass())) {
			if (field != null) {
				try {
					weight += weightOfElement(field.get(record));
				}
				catch (IllegalAccessException ex) {
					// weighed as a leaf, as any other class is
				}
			}
		}
		return weight;
	}

	private InvalidObjectException refused(String reason) {
		refuse(reason);
		return new InvalidObjectException(reason);
	}

}
