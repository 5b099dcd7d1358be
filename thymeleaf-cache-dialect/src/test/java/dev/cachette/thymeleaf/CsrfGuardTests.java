package dev.cachette.thymeleaf;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.thymeleaf.context.Context;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link CsrfGuard} takes for the request's CSRF token.
 */
class CsrfGuardTests {

	private static final String UUID_TOKEN = "4f1c6c9e-3d2b-4e6f-9a1b-7c8d9e0f1a2b";

	private static Context withToken(String token) {
		Context context = new Context();
		context.setVariables(Map.of("_csrf", new CacheDialectTests.StubCsrfToken(token)));
		return context;
	}

	@Test
	void namedFieldsAreRefusedInAnyQuoting() {
		Context none = new Context();
		assertThat(CsrfGuard.findToken(none, "<input type=\"hidden\" name=\"_csrf\" value=\"x\">")).isNotNull();
		assertThat(CsrfGuard.findToken(none, "<meta name='_csrf' content='x'/>")).isNotNull();
		assertThat(CsrfGuard.findToken(none, "<input name=_csrf value=x>")).isNotNull();
	}

	@Test
	void headerNameMetaAloneIsNotASecret() {
		assertThat(CsrfGuard.findToken(new Context(), "<meta name=\"_csrf_header\" content=\"X-CSRF-TOKEN\"/>"))
			.isNull();
	}

	@Test
	void tokenValueAnywhereIsRefused() {
		assertThat(CsrfGuard.findToken(withToken(UUID_TOKEN), "<script>var t = '" + UUID_TOKEN + "';</script>"))
			.isEqualTo("the request's CSRF token");
		assertThat(CsrfGuard.findToken(withToken(UUID_TOKEN), "<p>" + "a".repeat(40) + "</p>")).isNull();
	}

}
