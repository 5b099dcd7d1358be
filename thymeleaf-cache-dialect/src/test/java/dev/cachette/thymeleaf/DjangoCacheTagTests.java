package dev.cachette.thymeleaf;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.thymeleaf.exceptions.TemplateProcessingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Django's own template tests for {@code {% cache %}}
 * ({@code tests/template_tests/syntax_tests/test_cache.py}, {@code CacheTagTests}), one
 * test each, written with {@code th:cache}. The names are Django's.
 */
class DjangoCacheTagTests {

	private final Templates templates = new Templates();

	private void template(String name, String body) {
		this.templates.template(name, "<html xmlns:th=\"http://www.thymeleaf.org\">" + body + "</html>");
	}

	private static String html(String body) {
		return "<html>" + body + "</html>";
	}

	@Test
	void cache03() {
		template("cache03", "<th:block><span th:cache=\"2, test\">cache03</span></th:block>");
		assertThat(this.templates.render("cache03")).isEqualTo(html("<span>cache03</span>"));
	}

	@Test
	void cache04() {
		template("cache03", "<span th:cache=\"2, test\">cache03</span>");
		template("cache04", "<span th:cache=\"2, test\">cache04</span>");
		this.templates.render("cache03");
		assertThat(this.templates.render("cache04")).isEqualTo(html("<span>cache03</span>"));
	}

	@Test
	void cache05() {
		template("cache05", "<span th:cache=\"2, test, ${foo}\">cache05</span>");
		assertThat(this.templates.render("cache05", Map.of("foo", 1))).isEqualTo(html("<span>cache05</span>"));
	}

	@Test
	void cache06() {
		template("cache06", "<span th:cache=\"2, test, ${foo}\">cache06</span>");
		assertThat(this.templates.render("cache06", Map.of("foo", 2))).isEqualTo(html("<span>cache06</span>"));
	}

	@Test
	void cache07() {
		template("cache05", "<span th:cache=\"2, test, ${foo}\">cache05</span>");
		template("cache07", "<span th:cache=\"2, test, ${foo}\">cache07</span>");
		this.templates.render("cache05", Map.of("foo", 1));
		assertThat(this.templates.render("cache07", Map.of("foo", 1))).isEqualTo(html("<span>cache05</span>"));
	}

	@Test
	void cache08() {
		// Allow first argument to be a variable.
		template("cache06", "<span th:cache=\"2, test, ${foo}\">cache06</span>");
		template("cache08", "<span th:cache=\"${time}, test, ${foo}\">cache08</span>");
		Map<String, Object> context = Map.of("foo", 2, "time", 2);
		this.templates.render("cache06", context);
		assertThat(this.templates.render("cache08", context)).isEqualTo(html("<span>cache06</span>"));
	}

	@Test
	void cache11() {
		template("cache11", "<span th:cache=\"\"></span>");
		assertThatExceptionOfType(TemplateProcessingException.class).isThrownBy(() -> this.templates.render("cache11"));
	}

	@Test
	void cache12() {
		template("cache12", "<span th:cache=\"1\"></span>");
		assertThatExceptionOfType(TemplateProcessingException.class).isThrownBy(() -> this.templates.render("cache12"));
	}

	@Test
	void cache13() {
		template("cache13", "<span th:cache=\"${foo}, bar\"></span>");
		assertThatExceptionOfType(TemplateProcessingException.class).isThrownBy(() -> this.templates.render("cache13"));
	}

	@Test
	void cache14() {
		template("cache14", "<span th:cache=\"${foo}, bar\"></span>");
		assertThatExceptionOfType(TemplateProcessingException.class)
			.isThrownBy(() -> this.templates.render("cache14", Map.of("foo", "fail")));
	}

	@Test
	void cache15() {
		template("cache15", "<span th:cache=\"${foo}, bar\"></span>");
		assertThatExceptionOfType(TemplateProcessingException.class)
			.isThrownBy(() -> this.templates.render("cache15", Map.of("foo", new Object[0])));
	}

	@Test
	void cache16() {
		// Regression test for Django's #7460: a vary-on value with spaces.
		template("cache16", "<span th:cache=\"1, foo, ${bar}\"></span>");
		assertThat(this.templates.render("cache16", Map.of("foo", "foo", "bar", "with spaces")))
			.isEqualTo(html("<span></span>"));
	}

	@Test
	void cache17() {
		// Regression test for Django's #11270: a long vary-on value.
		template("cache17", "<span th:cache=\"10, long_cache_key, ${poem}\">Some Content</span>");
		String poem = "Oh freddled gruntbuggly/Thy micturations are to me/As plurdled gabbleblotchits/On a lurgid bee/"
				+ "That mordiously hath bitled out/Its earted jurtles/Into a rancid festering/Or else I shall rend"
				+ " thee in the gobberwartswith my blurglecruncheon/See if I dont.";
		assertThat(this.templates.render("cache17", Map.of("poem", poem))).isEqualTo(html("<span>Some Content</span>"));
	}

	@Test
	void cache18() {
		// Whitespace in filter arguments: here, in an expression's arguments.
		template("cache18", "<span th:cache=\"${#strings.length('x y') - 1}, cache18\">cache18</span>");
		assertThat(this.templates.render("cache18")).isEqualTo(html("<span>cache18</span>"));
	}

	@Test
	void noneTimeout() {
		// A timeout of None means "cache forever".
		template("first", "<span th:cache=\"None, fragment19\">content</span>");
		template("second", "<span th:cache=\"None, fragment19\">not rendered</span>");
		assertThat(this.templates.render("first")).isEqualTo(html("<span>content</span>"));
		assertThat(this.templates.render("second")).isEqualTo(html("<span>content</span>"));
	}

	@Test
	void cacheRegression20130() {
		// The fragment name is kept as written.
		template("p", "<span th:cache=\"1, regression_20130\">foo</span>");
		this.templates.render("p");
		assertThat(this.templates.cache("default")
			.hasKey("template.cache.regression_20130.d41d8cd98f00b204e9800998ecf8427e")).isTrue();
	}

}
