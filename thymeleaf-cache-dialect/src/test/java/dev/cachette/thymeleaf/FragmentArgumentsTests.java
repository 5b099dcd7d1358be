package dev.cachette.thymeleaf;

import org.junit.jupiter.api.Test;
import org.thymeleaf.exceptions.TemplateProcessingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Splitting {@code th:cache} and {@code cache:vary-on} values into arguments.
 */
class FragmentArgumentsTests {

	@Test
	void splitsAtTopLevelCommas() {
		assertThat(FragmentArguments.split(" 500 , sidebar,${user.name} ")).containsExactly("500", "sidebar",
				"${user.name}");
	}

	@Test
	void keepsCommasInsideExpressionsAndQuotes() {
		assertThat(FragmentArguments.split("60, f, ${#strings.concat(a, 'b, c')}, 'x, y', ${m['k,1']}"))
			.containsExactly("60", "f", "${#strings.concat(a, 'b, c')}", "'x, y'", "${m['k,1']}");
	}

	@Test
	void escapedQuoteStaysInsideTheLiteral() {
		assertThat(FragmentArguments.split("'it\\'s, here', b")).containsExactly("'it\\'s, here'", "b");
	}

	@Test
	void emptyValueHasNoArguments() {
		assertThat(FragmentArguments.split("  ")).isEmpty();
	}

	@Test
	void unbalancedBracketFails() {
		assertThatExceptionOfType(TemplateProcessingException.class)
			.isThrownBy(() -> FragmentArguments.split("60, f, ${a"));
	}

	@Test
	void usingIsTakenOnlyAsTheLastOfMoreThanTwoArguments() {
		FragmentSpec spec = FragmentSpec.ofCompact("th:cache", "60, f, ${a}, using='local'", null);
		assertThat(spec.using()).isEqualTo("'local'");
		assertThat(spec.varyOn()).containsExactly("${a}");
		FragmentSpec nameOnly = FragmentSpec.ofCompact("th:cache", "60, f", null);
		assertThat(nameOnly.using()).isNull();
	}

	@Test
	void staleWindowsAreTrailingNamedArgumentsInAnyOrderWithUsing() {
		FragmentSpec spec = FragmentSpec.ofCompact("th:cache",
				"60, f, ${a}, stale-if-error=300, using='local', stale-while-revalidate = ${swr}", null);
		assertThat(spec.varyOn()).containsExactly("${a}");
		assertThat(spec.using()).isEqualTo("'local'");
		assertThat(spec.staleWhileRevalidate()).isEqualTo("${swr}");
		assertThat(spec.staleIfError()).isEqualTo("300");
		FragmentSpec plain = FragmentSpec.ofCompact("th:cache", "60, f, ${a}", null);
		assertThat(plain.staleWhileRevalidate()).isNull();
		assertThat(plain.staleIfError()).isNull();
	}

	@Test
	void aNamedWindowTwiceFails() {
		assertThatExceptionOfType(TemplateProcessingException.class)
			.isThrownBy(() -> FragmentSpec.ofCompact("th:cache", "60, f, stale-if-error=1, stale-if-error=2", null));
	}

	@Test
	void usingTwiceFails() {
		assertThatExceptionOfType(TemplateProcessingException.class)
			.isThrownBy(() -> FragmentSpec.ofCompact("th:cache", "60, f, using='a'", "b"));
	}

}
