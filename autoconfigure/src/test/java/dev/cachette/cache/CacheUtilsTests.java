package dev.cachette.cache;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fragment keys equal Django's, with the expected values of Django's
 * {@code TestMakeTemplateFragmentKey} in {@code tests/cache/tests.py}.
 */
class CacheUtilsTests {

	@Test
	void withoutVaryOnHashesTheEmptyString() {
		assertThat(CacheUtils.makeTemplateFragmentKey("a.fragment"))
			.isEqualTo("template.cache.a.fragment.d41d8cd98f00b204e9800998ecf8427e");
	}

	@Test
	void withOneVaryOnValue() {
		assertThat(CacheUtils.makeTemplateFragmentKey("foo", List.of("abc")))
			.isEqualTo("template.cache.foo.493e283d571a73056196f1a68efd0f66");
	}

	@Test
	void withSeveralVaryOnValues() {
		assertThat(CacheUtils.makeTemplateFragmentKey("bar", List.of("abc", "def")))
			.isEqualTo("template.cache.bar.17c1a507a0cb58384f4c639067a93520");
	}

	@Test
	void withEncodedVaryOnValue() {
		assertThat(CacheUtils.makeTemplateFragmentKey("spam", List.of("abc:def%")))
			.isEqualTo("template.cache.spam.06c8ae8e8c430b69fb0a6443504153dc");
	}

	@Test
	void separatesValuesSoTheyCannotCollide() {
		assertThat(CacheUtils.makeTemplateFragmentKey("spam", List.of("a", "bc")))
			.isNotEqualTo(CacheUtils.makeTemplateFragmentKey("spam", List.of("ab", "c")));
	}

	@Test
	void writesValuesAsPythonStrDoes() {
		assertThat(CacheUtils.makeTemplateFragmentKey("x", Arrays.asList(null, true, 5)))
			.isEqualTo(CacheUtils.makeTemplateFragmentKey("x", List.of("None", "True", "5")));
	}

	/** The two Django collisions that {@link KeyFormat#STRICT} removes. */
	@Test
	void djangoKeysShareOneKeyForNullAndNoneAndForAColonInAValue() {
		assertThat(CacheUtils.makeTemplateFragmentKey("x", Arrays.asList((Object) null)))
			.isEqualTo(CacheUtils.makeTemplateFragmentKey("x", List.of("None")));
		assertThat(CacheUtils.makeTemplateFragmentKey("x", List.of("a:b")))
			.isEqualTo(CacheUtils.makeTemplateFragmentKey("x", List.of("a", "b")));
	}

	@Test
	void strictKeysNeverShareOneKeyForDistinctValues() {
		assertThat(CacheUtils.makeTemplateFragmentKey("x", Arrays.asList((Object) null), KeyFormat.STRICT))
			.isNotEqualTo(CacheUtils.makeTemplateFragmentKey("x", List.of("None"), KeyFormat.STRICT));
		assertThat(CacheUtils.makeTemplateFragmentKey("x", List.of("a:b"), KeyFormat.STRICT))
			.isNotEqualTo(CacheUtils.makeTemplateFragmentKey("x", List.of("a", "b"), KeyFormat.STRICT));
		assertThat(CacheUtils.makeTemplateFragmentKey("x", List.of("a", "bc"), KeyFormat.STRICT))
			.isNotEqualTo(CacheUtils.makeTemplateFragmentKey("x", List.of("ab", "c"), KeyFormat.STRICT));
	}

	@Test
	void djangoFormatIsTheDefault() {
		assertThat(CacheUtils.makeTemplateFragmentKey("spam", List.of("abc:def%"), KeyFormat.DJANGO))
			.isEqualTo(CacheUtils.makeTemplateFragmentKey("spam", List.of("abc:def%")));
	}

}
