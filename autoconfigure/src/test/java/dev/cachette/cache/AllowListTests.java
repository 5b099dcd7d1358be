package dev.cachette.cache;

import java.io.File;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AllowList}.
 */
class AllowListTests {

	@Test
	void defaults_allowJdkValueAndCollectionTypes() throws Exception {
		AllowList defaults = AllowList.defaults();
		for (Class<?> type : List.of(String.class, Long.class, Integer.class, Boolean.class, Number.class, Enum.class,
				BigDecimal.class, BigInteger.class, URI.class, UUID.class, ArrayList.class, HashMap.class,
				List.of(1, 2, 3).getClass(), ConcurrentHashMap.class, Instant.class, ZonedDateTime.class,
				DayOfWeek.class, Class.forName("java.time.Ser"), Class.forName("java.util.CollSer"))) {
			assertThat(defaults.allows(type)).as(type.getName()).isTrue();
		}
	}

	@Test
	void defaults_allowEveryRecord() {
		assertThat(AllowList.defaults().allows(Point.class)).isTrue();
	}

	@Test
	void defaults_refuseOtherClasses() throws Exception {
		AllowList defaults = AllowList.defaults();
		for (Class<?> type : List.of(Plain.class, File.class, Thread.class,
				Class.forName("javax.management.BadAttributeValueExpException"))) {
			assertThat(defaults.allows(type)).as(type.getName()).isFalse();
		}
	}

	@Test
	void primitives_areAlwaysAllowed() {
		AllowList empty = AllowList.of(List.of());
		assertThat(empty.allows(int.class)).isTrue();
		assertThat(empty.allows(byte[].class)).isTrue();
		assertThat(empty.allows(long[][].class)).isTrue();
	}

	@Test
	void arrays_areAllowedWhenTheirComponentIs() {
		AllowList defaults = AllowList.defaults();
		assertThat(defaults.allows(String[].class)).isTrue();
		assertThat(defaults.allows(String[][].class)).isTrue();
		assertThat(defaults.allows(Point[].class)).isTrue();
		assertThat(defaults.allows(Plain[].class)).isFalse();
		assertThat(defaults.allows(Plain[][].class)).isFalse();
	}

	@Test
	void className_allowsExactlyThatClass() {
		AllowList list = AllowList.of(List.of(Plain.class.getName()));
		assertThat(list.allows(Plain.class)).isTrue();
		assertThat(list.allows(Other.class)).isFalse();
		assertThat(list.allows(String.class)).isFalse();
	}

	@Test
	void packagePattern_allowsThatPackageOnly() {
		AllowList list = AllowList.of(List.of("java.util.*"));
		assertThat(list.allows(ArrayList.class)).isTrue();
		assertThat(list.allows(ConcurrentHashMap.class)).as("a subpackage").isFalse();
		assertThat(AllowList.of(List.of("dev.cachette.cache.*")).allows(Plain.class)).as("a nested class").isTrue();
		assertThat(AllowList.of(List.of("dev.cachette.*")).allows(Plain.class)).isFalse();
	}

	@Test
	void packageTreePattern_allowsSubpackagesToo() {
		AllowList list = AllowList.of(List.of("java.util.**"));
		assertThat(list.allows(ArrayList.class)).isTrue();
		assertThat(list.allows(ConcurrentHashMap.class)).isTrue();
		assertThat(AllowList.of(List.of("dev.cachette.**")).allows(Plain.class)).isTrue();
	}

	@Test
	void packagePatterns_matchWholePackageNamesOnly() {
		// dev.cachette.ca is a prefix of dev.cachette.cache, not its parent.
		assertThat(AllowList.of(List.of("dev.cachette.ca.**")).allows(Plain.class)).isFalse();
		assertThat(AllowList.of(List.of("dev.cachette.ca.*")).allows(Plain.class)).isFalse();
		assertThat(AllowList.of(List.of("java.ut.**")).allows(ArrayList.class)).isFalse();
	}

	@Test
	void of_doesNotAllowRecordsUnlessAsked() {
		AllowList list = AllowList.of(List.of("java.lang.String"));
		assertThat(list.allows(Point.class)).isFalse();
		assertThat(list.withRecords(true).allows(Point.class)).isTrue();
		assertThat(AllowList.defaults().withRecords(false).allows(Point.class)).isFalse();
	}

	@Test
	void and_addsPatternsKeepingTheOthers() {
		AllowList list = AllowList.defaults().and(List.of(Plain.class.getName()));
		assertThat(list.allows(Plain.class)).isTrue();
		assertThat(list.allows(String.class)).isTrue();
		assertThat(list.allows(Point.class)).isTrue();
		assertThat(AllowList.defaults().allows(Plain.class)).as("the original is unchanged").isFalse();
	}

	@Test
	void patterns_roundTripThroughOf() {
		List<String> patterns = List.of("com.example.Article", "com.example.model.*", "org.example.**");
		assertThat(AllowList.of(patterns).patterns()).containsExactlyInAnyOrderElementsOf(patterns);
	}

	@Test
	void patterns_blankOnesAreIgnoredAndOthersTrimmed() {
		AllowList list = AllowList.of(List.of("  ", "", " java.util.* "));
		assertThat(list.patterns()).containsExactly("java.util.*");
		assertThat(list.allows(ArrayList.class)).isTrue();
	}

	/**
	 * A record.
	 *
	 * @param x x
	 * @param y y
	 */
	record Point(int x, int y) implements Serializable {
	}

	static final class Plain implements Serializable {

		private static final long serialVersionUID = 1L;

	}

	static final class Other implements Serializable {

		private static final long serialVersionUID = 1L;

	}

}
