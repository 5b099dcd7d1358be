package dev.cachette.web;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP dates as {@link ConditionalRequests} reads them: the positional reading of
 * IMF-fixdate must agree with {@code DateTimeFormatter.RFC_1123_DATE_TIME} on everything
 * it accepts, and leave everything else to it.
 */
class ConditionalRequestsTests {

	@Test
	void fixdatesAgreeWithTheFormatter() {
		Random random = new Random(42);
		for (int i = 0; i < 10_000; i++) {
			long seconds = random.nextLong(0, 4_102_444_800L); // 1970 to 2100
			String date = CacheHeaders.httpDate(seconds * 1000);
			assertThat(ConditionalRequests.parseHttpDate(date)).as(date).isEqualTo(viaFormatter(date));
		}
	}

	@Test
	void djangosExampleDate() {
		assertThat(ConditionalRequests.parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(784111777000L);
		assertThat(ConditionalRequests.parseHttpDate("  Sun, 06 Nov 1994 08:49:37 GMT ")).isEqualTo(784111777000L);
	}

	@Test
	void otherFormsTheFormatterAcceptsStillParse() {
		assertThat(ConditionalRequests.parseHttpDate("Sun, 6 Nov 1994 08:49:37 GMT")).isEqualTo(784111777000L);
		assertThat(ConditionalRequests.parseHttpDate("sun, 06 nov 1994 08:49:37 gmt")).isEqualTo(784111777000L);
		assertThat(ConditionalRequests.parseHttpDate("Sun, 06 Nov 1994 09:49:37 +0100")).isEqualTo(784111777000L);
	}

	@Test
	void invalidDatesAreRejected() {
		assertThat(ConditionalRequests.parseHttpDate("Mon, 06 Nov 1994 08:49:37 GMT")).isNull();
		assertThat(ConditionalRequests.parseHttpDate("Sun, 31 Nov 1994 08:49:37 GMT")).isNull();
		assertThat(ConditionalRequests.parseHttpDate("Sun, 06 Nov 1994 24:49:37 GMT")).isNull();
		assertThat(ConditionalRequests.parseHttpDate("Sun, 06 Nov 1994 08:49:3x GMT")).isNull();
		assertThat(ConditionalRequests.parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT")).isNull();
		assertThat(ConditionalRequests.parseHttpDate("yesterday")).isNull();
		assertThat(ConditionalRequests.parseHttpDate(null)).isNull();
	}

	private static long viaFormatter(String date) {
		return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
	}

}
