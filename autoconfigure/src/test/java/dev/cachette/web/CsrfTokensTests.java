package dev.cachette.web;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link CsrfTokens} takes for a CSRF token in a page body: every place Spring
 * Security's documentation and Thymeleaf put one.
 */
class CsrfTokensTests {

	private static final String TOKEN = "4f1c6c9e-3d2b-4e6f-9a1b-7c8d9e0f1a2b";

	private static final List<String> HANDED_OUT = List.of(TOKEN);

	@ParameterizedTest
	@ValueSource(strings = { "<input type=\"hidden\" name=\"_csrf\" value=\"" + TOKEN + "\"/>",
			"<meta name=\"_csrf\" content=\"" + TOKEN + "\"/>", "<input name=_csrf value=x>",
			"<script>var token = '" + TOKEN + "';</script>", "<div data-csrf=\"" + TOKEN + "\"></div>",
			"<a href=\"/logout?_csrf=" + TOKEN + "\">out</a>" })
	void everyPlaceOfATokenIsFound(String html) {
		assertThat(CsrfTokens.find(html.getBytes(StandardCharsets.UTF_8), HANDED_OUT)).isNotNull();
	}

	@Test
	void otherTokenLikeTextIsNotATokenOfTheRequest() {
		assertThat(CsrfTokens.find("<p>" + "a".repeat(40) + "</p>", HANDED_OUT)).isNull();
		assertThat(CsrfTokens.find("<script>var t = '" + TOKEN + "';</script>", List.of())).isNull();
	}

	@Test
	void headerNameMetaAloneIsNotASecret() {
		assertThat(CsrfTokens.find("<meta name=\"_csrf_header\" content=\"X-CSRF-TOKEN\"/>", HANDED_OUT)).isNull();
	}

	@Test
	void tokenLikeRunsAreThirtyTwoTokenCharacters() {
		assertThat(CsrfTokens.hasTokenLikeRun("x " + "a".repeat(31) + " y")).isFalse();
		assertThat(CsrfTokens.hasTokenLikeRun("x " + "a-_9".repeat(8) + " y")).isTrue();
		assertThat(CsrfTokens.hasTokenLikeRun(TOKEN)).isTrue();
	}

}
