package dev.cachette.cache.serialization;

import java.io.File;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Currency;
import java.util.Date;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Scanner;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.Timer;
import java.util.TimerTask;
import java.util.TreeMap;
import java.util.TreeSet;
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
				BigDecimal.class, BigInteger.class, URI.class, UUID.class, Locale.class, Currency.class, Date.class,
				ArrayList.class, LinkedList.class, HashMap.class, LinkedHashMap.class, TreeMap.class, HashSet.class,
				LinkedHashSet.class, TreeSet.class, ArrayDeque.class, EnumMap.class, EnumSet.class, Optional.class,
				List.of(1).getClass(), List.of(1, 2, 3).getClass(), Set.of(1).getClass(), Set.of(1, 2, 3).getClass(),
				Map.of(1, 1).getClass(), Map.of(1, 1, 2, 2).getClass(), Arrays.asList(1).getClass(),
				Collections.unmodifiableList(new ArrayList<>()).getClass(), Collections.emptyList().getClass(),
				Collections.singletonList(1).getClass(), Collections.unmodifiableMap(new HashMap<>()).getClass(),
				Instant.class, LocalDate.class, LocalDateTime.class, LocalTime.class, OffsetDateTime.class,
				OffsetTime.class, ZonedDateTime.class, Duration.class, Period.class, Year.class, YearMonth.class,
				MonthDay.class, ZoneId.class, ZoneOffset.class, ZoneId.of("Europe/Paris").getClass(), DayOfWeek.class,
				Month.class, Class.forName("java.time.Ser"), Class.forName("java.util.CollSer"))) {
			assertThat(defaults.allows(type)).as(type.getName()).isTrue();
		}
	}

	@Test
	void defaults_allowTheValuesCachetteStores() throws Exception {
		AllowList defaults = AllowList.defaults();
		for (Class<?> type : List.of(Class.forName("dev.cachette.cache.revalidation.Envelope"),
				Class.forName("dev.cachette.web.CachedPage"))) {
			assertThat(defaults.allows(type)).as(type.getName()).isTrue();
		}
	}

	@Test
	void defaults_refuseRecordsOutsideTheList() {
		// Regression: every record was allowed, and a record's canonical constructor
		// runs on every read, whatever it does
		assertThat(AllowList.defaults().allows(Point.class)).isFalse();
		assertThat(AllowList.defaults().and(List.of("dev.cachette.cache.serialization.*")).allows(Point.class))
			.isTrue();
	}

	@Test
	void defaults_refuseOtherClasses() throws Exception {
		AllowList defaults = AllowList.defaults();
		for (Class<?> type : List.of(Plain.class, File.class, Thread.class, Timer.class, TimerTask.class, Scanner.class,
				ServiceLoader.class, Random.class, Properties.class, ConcurrentHashMap.class,
				java.util.concurrent.ThreadPoolExecutor.class, java.util.logging.FileHandler.class,
				java.util.prefs.Preferences.class, java.util.zip.ZipFile.class, java.time.Clock.class,
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
		assertThat(defaults.allows(Point[].class)).as("a record outside the list").isFalse();
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
		assertThat(AllowList.of(List.of("dev.cachette.cache.serialization.*")).allows(Plain.class)).as("a nested class")
			.isTrue();
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
	void of_allowsARecordOnlyWhenAPatternNamesIt() {
		assertThat(AllowList.of(List.of("java.lang.String")).allows(Point.class)).isFalse();
		assertThat(AllowList.of(List.of(Point.class.getName())).allows(Point.class)).isTrue();
	}

	@Test
	void and_addsPatternsKeepingTheOthers() {
		AllowList list = AllowList.defaults().and(List.of(Plain.class.getName()));
		assertThat(list.allows(Plain.class)).isTrue();
		assertThat(list.allows(String.class)).isTrue();
		assertThat(list.allows(Point.class)).isFalse();
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
