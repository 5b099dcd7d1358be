package dev.cachette.cache.backend.locmem;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.serialization.AllowList;
import dev.cachette.cache.serialization.ImmutableValue;

/**
 * Tells which values a by-value local cache may keep without copying: those nobody can
 * change after {@code set}, so a copy would be identical. That is the immutable JDK value
 * types, enums, the unmodifiable collections of {@code List.of}, {@code Set.of},
 * {@code Map.of}, {@code copyOf} and {@code Stream.toList()} (not
 * {@code Collections.unmodifiableList}, a view of a list that may change), and records
 * whose fields all hold such values, and classes that declare themselves
 * {@link ImmutableValue}. Records are read through their fields, not their accessors,
 * since an accessor may return an immutable copy of a mutable field the caller still
 * holds.
 *
 * <p>
 * Every class a kept value holds must pass the serializer's {@link AllowList}, so keeping
 * a value never admits what copying it would refuse.
 */
final class ImmutableValues {

	private static final Set<Class<?>> VALUE_TYPES = Set.of(String.class, Long.class, Integer.class, Short.class,
			Byte.class, Double.class, Float.class, Boolean.class, Character.class, BigDecimal.class, BigInteger.class,
			UUID.class, Instant.class, LocalDate.class, LocalDateTime.class, LocalTime.class, OffsetDateTime.class,
			ZonedDateTime.class, Duration.class, Period.class);

	private static final String IMMUTABLE_COLLECTIONS = "java.util.ImmutableCollections$";

	/** Deeper graphs are copied: the walk must stay cheaper than the copy. */
	private static final int MAX_DEPTH = 8;

	/** A record class's fields, or {@code null} when they cannot be read. */
	private static final ClassValue<Field @Nullable []> RECORD_FIELDS = new ClassValue<>() {
		@Override
		protected Field @Nullable [] computeValue(Class<?> type) {
			return recordFields(type);
		}
	};

	private ImmutableValues() {
	}

	/**
	 * Tells whether a value is an immutable JDK value type, which needs no allow-list
	 * check: the fast path of every {@code set}.
	 * @param value a non-null value
	 * @return whether its class is one of the immutable value types
	 */
	static boolean isValueType(Object value) {
		return VALUE_TYPES.contains(value.getClass());
	}

	/**
	 * Tells whether a value, and everything it holds, is immutable and allowed.
	 * @param value the value
	 * @param allowList the serializer's allow-list
	 * @return whether the value can be kept as it is
	 */
	static boolean isDeeplyImmutable(@Nullable Object value, AllowList allowList) {
		return isImmutable(value, allowList, 0);
	}

	private static boolean isImmutable(@Nullable Object value, AllowList allowList, int depth) {
		if (value == null || isValueType(value)) {
			return true;
		}
		if (depth >= MAX_DEPTH) {
			return false;
		}
		Class<?> type = value.getClass();
		if (value instanceof ImmutableValue || type.isEnum()) {
			return allowList.allows(type);
		}
		if (type.isRecord()) {
			return allowList.allows(type) && isImmutableRecord(value, allowList, depth);
		}
		if (type.getName().startsWith(IMMUTABLE_COLLECTIONS) && allowList.allows(type)) {
			if (value instanceof Map<?, ?> map) {
				for (Map.Entry<?, ?> entry : map.entrySet()) {
					if (!isImmutable(entry.getKey(), allowList, depth + 1)
							|| !isImmutable(entry.getValue(), allowList, depth + 1)) {
						return false;
					}
				}
				return true;
			}
			if (value instanceof Collection<?> collection) {
				for (Object element : collection) {
					if (!isImmutable(element, allowList, depth + 1)) {
						return false;
					}
				}
				return true;
			}
		}
		return false;
	}

	private static boolean isImmutableRecord(Object value, AllowList allowList, int depth) {
		Field[] fields = RECORD_FIELDS.get(value.getClass());
		if (fields == null) {
			return false;
		}
		try {
			for (Field field : fields) {
				if (field.getType().isArray() || !isImmutable(field.get(value), allowList, depth + 1)) {
					return false;
				}
			}
			return true;
		}
		catch (IllegalAccessException ex) {
			return false;
		}
	}

	private static Field @Nullable [] recordFields(Class<?> type) {
		RecordComponent[] components = type.getRecordComponents();
		Field[] fields = new Field[components.length];
		try {
			for (int i = 0; i < components.length; i++) {
				Field field = type.getDeclaredField(components[i].getName());
				field.setAccessible(true);
				fields[i] = field;
			}
			return fields;
		}
		catch (NoSuchFieldException | RuntimeException ex) {
			// A record in a module that is not open to Cachette: copied, never kept.
			return null;
		}
	}

}
