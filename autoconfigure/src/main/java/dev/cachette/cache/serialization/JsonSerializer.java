package dev.cachette.cache.serialization;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.NamedType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;
import tools.jackson.databind.jsontype.TypeIdResolver;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.jsontype.impl.ClassNameIdResolver;
import tools.jackson.databind.jsontype.impl.DefaultTypeResolverBuilder;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.ValueSerializerModifier;
import tools.jackson.databind.ser.std.StdSerializer;
import tools.jackson.databind.type.ArrayType;
import tools.jackson.databind.type.CollectionLikeType;
import tools.jackson.databind.type.CollectionType;
import tools.jackson.databind.type.MapLikeType;
import tools.jackson.databind.type.MapType;

import dev.cachette.cache.SerializationException;

/**
 * Typed JSON through Jackson 3, restricted to an {@link AllowList}: the {@code json}
 * serializer ({@code options.serializer: json}). Needs
 * {@code tools.jackson.core:jackson-databind} on the classpath.
 *
 * <h2>Format</h2>
 *
 * Every value is written inside an envelope object, {@code {"value": ...}}, so the output
 * is never plain decimal text, which the cache reserves for integers (see
 * {@link Serializer}). Inside, Jackson's default typing ({@link DefaultTyping#NON_FINAL})
 * records the class of every value whose declared type does not fix it (an
 * {@code Object}, an interface, a non-final class), so values come back as the same Java
 * types: beans and records carry an {@code "@class"} property, while scalars, collections
 * and arrays are wrapped as {@code ["class", value]}. JSON's own types ({@code String},
 * {@code Boolean}, {@code Integer}, {@code Double}) and {@code null} need no type.
 *
 * <p>
 * For example:
 *
 * <pre>
 * "hello"                  {"value":"hello"}
 * 42L                      {"value":["java.lang.Long",42]}
 * List.of(1.5, "a")        {"value":["java.util.ImmutableCollections$List12",[1.5,"a"]]}
 * new Article("Hi", tags)  {"value":{"@class":"com.example.Article","tags":["java.util.ArrayList",["a"]],"title":"Hi"}}
 * LocalDate.of(2024, 5, 1) {"value":["java.time.LocalDate","2024-05-01"]}
 * </pre>
 *
 * <p>
 * Dates and times are ISO-8601 text, through Jackson's built-in {@code java.time}
 * support; a {@code ZonedDateTime} keeps its region
 * ({@code 2024-05-01T10:00:00+02:00[Europe/Paris]}) and an {@code OffsetDateTime} its
 * offset. Properties a class no longer has are ignored on read, and missing ones keep
 * their defaults, so entries survive compatible changes to a class. JDK immutable
 * collections ({@code List.of}, {@code Map.of}, {@code Arrays.asList}, ...) come back as
 * equal collections of another class, and an {@code Optional} held as a plain
 * {@code Object} comes back as its content.
 *
 * <h2>Allow-list</h2>
 *
 * Bytes read back from a shared store may be forged, and a class name in JSON is as
 * dangerous as one in a Java stream, so every type id is checked before Jackson resolves
 * it: the class is looked up without being initialized and refused unless the allow-list
 * allows it; a refused or unknown class is never instantiated, its static initializer
 * never runs, and {@link #deserialize} throws {@link SerializationException}. This
 * includes the type parameters of generic ids such as
 * {@code java.util.EnumSet<com.example.Color>}, which Jackson's
 * {@link PolymorphicTypeValidator} only sees after Jackson has loaded and initialized
 * them. (Class-name ids of properties or classes the application annotates with
 * {@code @JsonTypeInfo(use = CLASS)} are resolved by Jackson itself and checked by the
 * validator: a refused class is never instantiated, but a type parameter of a generic id
 * there is initialized before being refused.)
 *
 * <p>
 * Writing is checked too: each class Jackson builds a serializer for, and each class
 * named in a type id, must be allowed, so a {@code set} fails at once, naming the class
 * and {@code options.allowed-classes}, rather than a later {@code get} missing.
 *
 * <h2>json or java?</h2>
 *
 * Pick {@code json} when people or other programs read the store: entries are legible in
 * {@code redis-cli} or a SQL client, any language can parse them (type ids aside, which
 * name Java classes), and no Java serialization is involved, so no
 * {@code serialVersionUID} and no gadget chains. The trade-off is that values must be
 * Jackson-friendly: records, beans with a no-argument constructor and accessors, or
 * classes with a {@code @JsonCreator}; fields without accessors are not stored, shared
 * references come back as copies, cycles are refused, and the keys of a map held as a
 * plain {@code Object} come back as strings (a map declared as a record component or bean
 * property of type {@code Map<Long, V>} keeps its key type). {@code java}
 * ({@link JavaSerializer}) handles any {@code Serializable} graph exactly.
 */
public final class JsonSerializer implements Serializer {

	/** The property holding the class name of a bean or record. */
	static final String TYPE_PROPERTY = "@class";

	/**
	 * What one read may parse. A document, its strings and its tokens cannot outgrow the
	 * bytes handed to {@link #deserialize}, which are already in memory, so what is left
	 * to bound is what a few bytes can make Jackson do: nest (each level a frame of the
	 * deserializer's recursion; a typed value takes two levels, so 64 is about 32 levels
	 * of values, the Java serializer's limit; Jackson's default is 500) and parse numbers
	 * (Jackson's default of 1,000 digits, since {@code BigInteger} parsing is
	 * superlinear). Names are property names: 1,000 characters rather than Jackson's
	 * 50,000.
	 */
	private static final StreamReadConstraints READ_CONSTRAINTS = StreamReadConstraints.builder()
		.maxNestingDepth(64)
		.maxNumberLength(StreamReadConstraints.DEFAULT_MAX_NUM_LEN)
		.maxNameLength(1_000)
		.build();

	private final AllowList allowList;

	private final ObjectWriter writer;

	private final ObjectReader reader;

	/**
	 * Creates a serializer.
	 * @param allowList the classes it may read and write
	 */
	public JsonSerializer(AllowList allowList) {
		this.allowList = allowList;
		Gate gate = new Gate(allowList);
		TypeValidator validator = new TypeValidator(gate);
		SimpleModule module = new SimpleModule("cachette-allow-list");
		module.setSerializerModifier(new AllowListSerializerModifier(gate));
		JsonFactory factory = JsonFactory.builder().streamReadConstraints(READ_CONSTRAINTS).build();
		JsonMapper mapper = JsonMapper.builder(factory)
			.polymorphicTypeValidator(validator)
			.setDefaultTyping(new AllowListTyping(validator, gate))
			.addModule(module)
			.enable(DateTimeFeature.WRITE_DATES_WITH_ZONE_ID)
			.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS, DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS,
					DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();
		this.writer = mapper.writerFor(Envelope.class);
		this.reader = mapper.readerFor(Envelope.class);
	}

	@Override
	public byte[] serialize(@Nullable Object value) {
		try {
			return this.writer.writeValueAsBytes(new Envelope(value));
		}
		catch (RuntimeException ex) {
			RefusedClassException refused = refusal(ex);
			if (refused != null) {
				throw new SerializationException(refused.getMessage(), ex);
			}
			throw new SerializationException("cannot serialize " + describe(value) + " as JSON: " + reason(ex), ex);
		}
	}

	@Override
	public @Nullable Object deserialize(byte[] bytes) {
		Envelope envelope;
		try {
			envelope = this.reader.readValue(bytes);
		}
		catch (RuntimeException ex) {
			RefusedClassException refused = refusal(ex);
			if (refused != null) {
				throw new SerializationException(refused.getMessage(), ex);
			}
			throw new SerializationException("corrupt or unreadable JSON value: " + reason(ex), ex);
		}
		if (envelope == null) {
			throw new SerializationException("corrupt JSON value: expected {\"value\": ...}, found null");
		}
		return envelope.value();
	}

	private static @Nullable RefusedClassException refusal(Throwable ex) {
		Throwable cause = ex;
		for (int depth = 0; cause != null && depth < 50; depth++) {
			if (cause instanceof RefusedClassException refused) {
				return refused;
			}
			cause = cause.getCause();
		}
		return null;
	}

	/** Jackson's message without its location and reference chain, bounded. */
	private static String reason(RuntimeException ex) {
		String message = (ex instanceof JacksonException jackson) ? jackson.getOriginalMessage() : ex.getMessage();
		return Gate.abbreviate(String.valueOf(message));
	}

	private static String describe(@Nullable Object value) {
		return (value != null) ? "a " + value.getClass().getName() : "null";
	}

	@Override
	public String toString() {
		return "JsonSerializer[" + this.allowList + "]";
	}

	/** The root of every document, so that the output is never a bare number. */
	private record Envelope(@JsonProperty(required = true) @Nullable Object value) {
	}

	/**
	 * The allow-list checks, with their results cached: {@link AllowList#allows} per
	 * class, and the names of allowed classes met in type ids (refusals are not cached,
	 * so forged names cannot grow the cache).
	 */
	private static final class Gate {

		private static final Pattern TYPE_ID_SEPARATORS = Pattern.compile("[<>,\\s]+");

		private final AllowList allowList;

		private final ClassValue<Boolean> writable = new ClassValue<>() {
			@Override
			protected Boolean computeValue(Class<?> type) {
				return Gate.this.allowList.allows(type);
			}
		};

		private final Set<String> readableNames = ConcurrentHashMap.newKeySet();

		Gate(AllowList allowList) {
			this.allowList = allowList;
		}

		boolean writable(Class<?> type) {
			return type == Envelope.class || type == Object.class || this.writable.get(named(type));
		}

		void checkWritable(Class<?> type) {
			if (!writable(type)) {
				throw refusedForWrite(type);
			}
		}

		RefusedClassException refusedForWrite(Class<?> type) {
			Class<?> named = named(type);
			return new RefusedClassException(
					"class " + named.getName() + " is not in the serializer's allow-list; add it (or its package, as "
							+ named.getPackageName() + ".*) to options.allowed-classes");
		}

		/**
		 * Checks every class a type id names (a class, or a generic type such as
		 * {@code java.util.EnumSet<com.example.Color>}), loading none of them with
		 * initialization.
		 */
		void checkReadable(String id) {
			if (id.indexOf('<') < 0 && id.indexOf(',') < 0) {
				checkReadableClass(id, id);
				return;
			}
			for (String name : TYPE_ID_SEPARATORS.split(id)) {
				if (!name.isEmpty()) {
					checkReadableClass(id, name);
				}
			}
		}

		private void checkReadableClass(String id, String token) {
			String name = token;
			while (name.endsWith("[]")) {
				name = name.substring(0, name.length() - 2);
			}
			if (this.readableNames.contains(name)) {
				return;
			}
			Class<?> type = load(name);
			if (type == null) {
				throw new RefusedClassException(
						"refused to deserialize type id '" + abbreviate(id) + "': no class " + abbreviate(name));
			}
			if (!this.allowList.allows(type)) {
				throw new RefusedClassException("refused to deserialize class " + name
						+ ", which is not in the serializer's allow-list; add it (or its package, as "
						+ type.getPackageName() + ".*) to options.allowed-classes if it is trusted");
			}
			this.readableNames.add(name);
		}

		boolean readable(JavaType type) {
			if (!this.allowList.allows(type.getRawClass())) {
				return false;
			}
			for (int i = 0; i < type.containedTypeCount(); i++) {
				JavaType parameter = type.containedType(i);
				if (parameter != null && !readable(parameter)) {
					return false;
				}
			}
			return true;
		}

		/** Finds a class as Jackson would, without initializing it. */
		private static @Nullable Class<?> load(String name) {
			for (ClassLoader loader : new ClassLoader[] { Thread.currentThread().getContextClassLoader(),
					JsonSerializer.class.getClassLoader(), JsonMapper.class.getClassLoader() }) {
				if (loader != null) {
					try {
						return Class.forName(name, false, loader);
					}
					catch (ClassNotFoundException | LinkageError ex) {
						// try the next loader
					}
				}
			}
			return null;
		}

		/** The class a type id or an error message names: enums, not constant bodies. */
		private static Class<?> named(Class<?> type) {
			Class<?> component = type;
			while (component.isArray()) {
				component = component.getComponentType();
			}
			if (Enum.class.isAssignableFrom(component) && !component.isEnum() && component.getSuperclass() != null) {
				return component.getSuperclass();
			}
			return component;
		}

		private static String abbreviate(String text) {
			return (text.length() <= 300) ? text : text.substring(0, 300) + "...";
		}

	}

	/** Thrown, and unwrapped from Jackson's exceptions, when the allow-list refuses. */
	private static final class RefusedClassException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		RefusedClassException(String message) {
			super(message, null, false, false);
		}

	}

	/**
	 * Jackson's validator, for class-name type ids Jackson resolves itself (those of
	 * classes annotated with {@code @JsonTypeInfo(use = CLASS)}); default typing ids are
	 * checked earlier, by {@link AllowListIdResolver}.
	 */
	private static final class TypeValidator extends PolymorphicTypeValidator {

		private static final long serialVersionUID = 1L;

		private final transient Gate gate;

		TypeValidator(Gate gate) {
			this.gate = gate;
		}

		@Override
		public Validity validateBaseType(DatabindContext ctxt, JavaType baseType) {
			return Validity.INDETERMINATE;
		}

		@Override
		public Validity validateSubClassName(DatabindContext ctxt, JavaType baseType, String subClassName) {
			this.gate.checkReadable(subClassName);
			// a generic id arrives without its type parameters: have them checked too
			return Validity.INDETERMINATE;
		}

		@Override
		public Validity validateSubType(DatabindContext ctxt, JavaType baseType, JavaType subType) {
			return this.gate.readable(subType) ? Validity.ALLOWED : Validity.DENIED;
		}

	}

	/** Default typing whose class-name ids go through {@link AllowListIdResolver}. */
	private static final class AllowListTyping extends DefaultTypeResolverBuilder {

		private static final long serialVersionUID = 1L;

		private final transient Gate gate;

		AllowListTyping(PolymorphicTypeValidator validator, Gate gate) {
			super(validator, DefaultTyping.NON_FINAL, JsonTypeInfo.As.PROPERTY, JsonTypeInfo.Id.CLASS, TYPE_PROPERTY);
			this.gate = gate;
		}

		private AllowListTyping(AllowListTyping base, Class<?> defaultImpl) {
			super(base, defaultImpl);
			this.gate = base.gate;
		}

		@Override
		public DefaultTypeResolverBuilder withDefaultImpl(Class<?> defaultImpl) {
			return (this._defaultImpl == defaultImpl) ? this : new AllowListTyping(this, defaultImpl);
		}

		@Override
		protected TypeIdResolver idResolver(DatabindContext ctxt, JavaType baseType,
				PolymorphicTypeValidator subtypeValidator, Collection<NamedType> subtypes, boolean forSer,
				boolean forDeser) {
			return new AllowListIdResolver(baseType, subtypes, subtypeValidator, this.gate);
		}

	}

	/**
	 * Class-name type ids, checked against the allow-list: on write, the class of each
	 * value that gets an id; on read, every class an id names, before Jackson loads it.
	 */
	private static final class AllowListIdResolver extends ClassNameIdResolver {

		private static final long serialVersionUID = 1L;

		private final transient Gate gate;

		AllowListIdResolver(JavaType baseType, Collection<NamedType> subtypes, PolymorphicTypeValidator validator,
				Gate gate) {
			super(baseType, subtypes, validator);
			this.gate = gate;
		}

		@Override
		public String idFromValue(DatabindContext ctxt, Object value) {
			this.gate.checkWritable(value.getClass());
			return super.idFromValue(ctxt, value);
		}

		@Override
		public String idFromValueAndType(DatabindContext ctxt, Object value, Class<?> type) {
			if (type != null) {
				this.gate.checkWritable(type);
			}
			return super.idFromValueAndType(ctxt, value, type);
		}

		@Override
		public JavaType typeFromId(DatabindContext ctxt, String id) {
			this.gate.checkReadable(id);
			return super.typeFromId(ctxt, id);
		}

	}

	/**
	 * Replaces the serializer of each class outside the allow-list with one that refuses
	 * to write it: every value, element, map key and bean property Jackson writes goes
	 * through a serializer built here first.
	 */
	private static final class AllowListSerializerModifier extends ValueSerializerModifier {

		private static final long serialVersionUID = 1L;

		private final transient Gate gate;

		AllowListSerializerModifier(Gate gate) {
			this.gate = gate;
		}

		private ValueSerializer<?> guard(Class<?> type, ValueSerializer<?> serializer) {
			return this.gate.writable(type) ? serializer : new RefusingSerializer(type, this.gate);
		}

		@Override
		public ValueSerializer<?> modifySerializer(SerializationConfig config, BeanDescription.Supplier beanDesc,
				ValueSerializer<?> serializer) {
			return guard(beanDesc.getBeanClass(), serializer);
		}

		@Override
		public ValueSerializer<?> modifyArraySerializer(SerializationConfig config, ArrayType valueType,
				BeanDescription.Supplier beanDesc, ValueSerializer<?> serializer) {
			return guard(valueType.getRawClass(), serializer);
		}

		@Override
		public ValueSerializer<?> modifyCollectionSerializer(SerializationConfig config, CollectionType valueType,
				BeanDescription.Supplier beanDesc, ValueSerializer<?> serializer) {
			return guard(valueType.getRawClass(), serializer);
		}

		@Override
		public ValueSerializer<?> modifyCollectionLikeSerializer(SerializationConfig config,
				CollectionLikeType valueType, BeanDescription.Supplier beanDesc, ValueSerializer<?> serializer) {
			return guard(valueType.getRawClass(), serializer);
		}

		@Override
		public ValueSerializer<?> modifyMapSerializer(SerializationConfig config, MapType valueType,
				BeanDescription.Supplier beanDesc, ValueSerializer<?> serializer) {
			return guard(valueType.getRawClass(), serializer);
		}

		@Override
		public ValueSerializer<?> modifyMapLikeSerializer(SerializationConfig config, MapLikeType valueType,
				BeanDescription.Supplier beanDesc, ValueSerializer<?> serializer) {
			return guard(valueType.getRawClass(), serializer);
		}

		@Override
		public ValueSerializer<?> modifyEnumSerializer(SerializationConfig config, JavaType valueType,
				BeanDescription.Supplier beanDesc, ValueSerializer<?> serializer) {
			return guard(valueType.getRawClass(), serializer);
		}

		@Override
		public ValueSerializer<?> modifyKeySerializer(SerializationConfig config, JavaType valueType,
				BeanDescription.Supplier beanDesc, ValueSerializer<?> serializer) {
			return guard(valueType.getRawClass(), serializer);
		}

	}

	/** Stands in for the serializer of a refused class: writing a value throws. */
	private static final class RefusingSerializer extends StdSerializer<Object> {

		private final Gate gate;

		RefusingSerializer(Class<?> type, Gate gate) {
			super(type);
			this.gate = gate;
		}

		@Override
		public void serialize(Object value, JsonGenerator generator, SerializationContext context) {
			throw this.gate.refusedForWrite(handledType());
		}

		@Override
		public void serializeWithType(Object value, JsonGenerator generator, SerializationContext context,
				TypeSerializer typeSerializer) {
			throw this.gate.refusedForWrite(handledType());
		}

	}

	@Override
	public AllowList allowList() {
		return this.allowList;
	}

}
