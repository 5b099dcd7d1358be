package dev.cachette.thymeleaf;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.thymeleaf.context.LazyContextVariable;
import org.thymeleaf.exceptions.TemplateProcessingException;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.cachette.cache.CacheUtils;
import dev.cachette.cache.FailingCache;
import dev.cachette.cache.UnreachableCache;
import dev.cachette.cache.settings.CacheSettings;
import dev.cachette.metrics.FragmentCacheStatistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The dialect on a real {@code SpringTemplateEngine}: hits, misses, what is evaluated,
 * keys, aliases, timeouts, escaping and composition with the standard attributes.
 */
@ExtendWith(OutputCaptureExtension.class)
class CacheDialectTests {

	private static final String NS = " xmlns:th=\"http://www.thymeleaf.org\" xmlns:cache=\"https://cachette.dev/thymeleaf\"";

	private final Templates templates = new Templates();

	private static String page(String body) {
		return "<html" + NS + "><body>" + body + "</body></html>";
	}

	@Test
	void missRendersTheElementAndStoresItsHtmlUnderDjangosKey() {
		this.templates.template("p", page("<aside cache:fragment=\"sidebar\" cache:timeout=\"500\">"
				+ "<p th:text=\"${counter.value}\">x</p></aside>"));
		Counter counter = new Counter("hello");
		String html = this.templates.render("p", Map.of("counter", counter));
		assertThat(html).isEqualTo("<html><body><aside><p>hello</p></aside></body></html>");
		assertThat(counter.reads()).isEqualTo(1);
		assertThat(
				(String) this.templates.cache("default").get("template.cache.sidebar.d41d8cd98f00b204e9800998ecf8427e"))
			.isEqualTo("<aside><p>hello</p></aside>");
	}

	@Test
	void hitReplacesTheElementWithoutEvaluatingItsBody() {
		this.templates.template("p",
				page("<aside cache:fragment=\"sidebar\" cache:timeout=\"500\""
						+ " th:attr=\"data-n=${counter.value}\"><p th:text=\"${counter.value}\">x</p>"
						+ "<p th:text=\"${lazy}\">y</p></aside>"));
		Counter first = new Counter("first");
		this.templates.render("p", Map.of("counter", first, "lazy", "resolved"));
		Counter second = new Counter("second");
		LazyContextVariable<String> lazy = new LazyContextVariable<>() {
			@Override
			protected String loadValue() {
				throw new AssertionError("the body of a cached fragment was evaluated on a hit");
			}
		};
		String html = this.templates.render("p", Map.of("counter", second, "lazy", lazy));
		assertThat(html)
			.isEqualTo("<html><body><aside data-n=\"first\"><p>first</p><p>resolved</p></aside></body></html>");
		assertThat(first.reads()).isEqualTo(2);
		assertThat(second.reads()).isZero();
	}

	@Test
	void compactFormIsTheSameTagInDjangosOrder() {
		this.templates.template("a", page("<aside cache:fragment=\"sidebar\" cache:timeout=\"500\""
				+ " cache:vary-on=\"${user}, ${n}\">attribute form</aside>"));
		this.templates.template("c", page("<aside th:cache=\"500, sidebar, ${user}, ${n}\">compact form</aside>"));
		Map<String, Object> model = Map.of("user", "ann", "n", 3);
		this.templates.render("a", model);
		assertThat(this.templates.render("c", model)).contains("<aside>attribute form</aside>");
		assertThat(this.templates.cache("default")
			.hasKey(CacheUtils.makeTemplateFragmentKey("sidebar", List.of("ann", "3")))).isTrue();
	}

	@Test
	void varyOnKeepsOneEntryPerValue() {
		this.templates.template("p", page("<p th:cache=\"500, greeting, ${user}\" th:text=\"'Hi ' + ${user}\">x</p>"));
		assertThat(this.templates.render("p", Map.of("user", "ann"))).contains("<p>Hi ann</p>");
		assertThat(this.templates.render("p", Map.of("user", "bob"))).contains("<p>Hi bob</p>");
		assertThat(this.templates.render("p", Map.of("user", "ann"))).contains("<p>Hi ann</p>");
		assertThat(
				this.templates.cache("default").hasKey(CacheUtils.makeTemplateFragmentKey("greeting", List.of("bob"))))
			.isTrue();
	}

	@Test
	void varyOnValuesAreWrittenAsPythonStrDoes() {
		this.templates.template("p", page("<p th:cache=\"500, flags, ${yes}, ${nothing}, ${n}, 'abc:def%'\">x</p>"));
		this.templates.render("p", Map.of("yes", true, "n", 5));
		assertThat(this.templates.cache("default")
			.hasKey(CacheUtils.makeTemplateFragmentKey("flags", List.of("True", "None", "5", "abc:def%")))).isTrue();
	}

	@Test
	void keysAreDjangosExpectedKeys() {
		// The expected values of Django's TestMakeTemplateFragmentKey
		// (tests/cache/tests.py).
		this.templates.template("p", page("<i th:cache=\"60, a.fragment\">1</i><i th:cache=\"60, foo, 'abc'\">2</i>"
				+ "<i th:cache=\"60, bar, 'abc', 'def'\">3</i><i th:cache=\"60, spam, 'abc:def%'\">4</i>"));
		this.templates.render("p");
		assertThat(this.templates.cache("default")
			.getMany(List.of("template.cache.a.fragment.d41d8cd98f00b204e9800998ecf8427e",
					"template.cache.foo.493e283d571a73056196f1a68efd0f66",
					"template.cache.bar.17c1a507a0cb58384f4c639067a93520",
					"template.cache.spam.06c8ae8e8c430b69fb0a6443504153dc")))
			.hasSize(4);
	}

	@Test
	void serviceCodeInvalidatesAFragmentWithMakeTemplateFragmentKey() {
		this.templates.template("p", page("<p th:cache=\"500, sidebar, ${user}\" th:text=\"${text}\">x</p>"));
		this.templates.render("p", Map.of("user", "ann", "text", "old"));
		this.templates.cache("default").delete(CacheUtils.makeTemplateFragmentKey("sidebar", List.of("ann")));
		assertThat(this.templates.render("p", Map.of("user", "ann", "text", "new"))).contains("<p>new</p>");
	}

	@Test
	void usingNamesTheAlias() {
		this.templates.withLocMem("localcache");
		this.templates.template("a",
				page("<p cache:fragment=\"f\" cache:timeout=\"60\" cache:using=\"localcache\">a</p>"));
		this.templates.template("c", page("<p th:cache=\"60, g, using='localcache'\">c</p>"));
		this.templates.template("u", page("<p th:cache=\"60, h\" th:cache-using=\"${alias}\">u</p>"));
		this.templates.render("a");
		this.templates.render("c");
		this.templates.render("u", Map.of("alias", "localcache"));
		assertThat(this.templates.cache("localcache")
			.getMany(List.of(CacheUtils.makeTemplateFragmentKey("f"), CacheUtils.makeTemplateFragmentKey("g"),
					CacheUtils.makeTemplateFragmentKey("h"))))
			.hasSize(3);
		assertThat(this.templates.cache("default").hasKey(CacheUtils.makeTemplateFragmentKey("f"))).isFalse();
	}

	@Test
	void aliasWithDashesAndUnderscoresAsAPlainToken() {
		this.templates.withLocMem("local-cache");
		this.templates.template("p", page("<p th:cache=\"60, f, using=local-cache\">a</p>"
				+ "<p cache:fragment=\"g\" cache:using=\"local_cache\">b</p>"));
		this.templates.render("p");
		assertThat(this.templates.cache("local-cache")
			.getMany(List.of(CacheUtils.makeTemplateFragmentKey("f"), CacheUtils.makeTemplateFragmentKey("g"))))
			.hasSize(2);
	}

	@Test
	void templateFragmentsAliasIsPreferredOverDefault() {
		// Django's CacheTests.test_cache_fragment_cache
		this.templates.withLocMem("template-fragments");
		this.templates.template("t1", page("<p th:cache=\"1, fragment\">foo</p>"));
		this.templates.template("t2", page("<p th:cache=\"1, fragment, using='default'\">bar</p>"));
		assertThat(this.templates.render("t1")).contains("<p>foo</p>");
		assertThat(this.templates.render("t2")).contains("<p>bar</p>");
		assertThat(
				(String) this.templates.cache("template_fragments").get(CacheUtils.makeTemplateFragmentKey("fragment")))
			.isEqualTo("<p>foo</p>");
	}

	@Test
	void unknownAliasFailsAtRenderTimeNamingTemplateAndAlias() {
		// Django's CacheTests.test_cache_missing_backend
		this.templates.template("broken", page("<p th:cache=\"1, backend, using='unknown'\">bar</p>"));
		assertThatExceptionOfType(TemplateProcessingException.class).isThrownBy(() -> this.templates.render("broken"))
			.withStackTraceContaining("Invalid cache name")
			.withStackTraceContaining("'unknown'")
			.withStackTraceContaining("template 'broken'");
	}

	@Test
	void timeoutExpiresOnTheCacheClock() {
		this.templates.template("p", page("<p th:cache=\"${seconds}, t\" th:text=\"${text}\">x</p>"));
		this.templates.render("p", Map.of("seconds", 2, "text", "one"));
		this.templates.clock.advance(Duration.ofMillis(1999));
		assertThat(this.templates.render("p", Map.of("seconds", 2, "text", "two"))).contains("<p>one</p>");
		this.templates.clock.advance(Duration.ofMillis(2));
		assertThat(this.templates.render("p", Map.of("seconds", 2, "text", "three"))).contains("<p>three</p>");
	}

	@Test
	void timeoutNoneCachesForever() {
		this.templates.template("p",
				page("<p cache:fragment=\"forever\" cache:timeout=\"none\" th:text=\"${text}\">x</p>"));
		this.templates.render("p", Map.of("text", "content"));
		this.templates.clock.advance(Duration.ofDays(3650));
		assertThat(this.templates.render("p", Map.of("text", "not rendered"))).contains("<p>content</p>");
	}

	@Test
	void withoutTimeoutTheAliasDefaultApplies() {
		this.templates.template("p", page("<p cache:fragment=\"d\" th:text=\"${text}\">x</p>"));
		this.templates.render("p", Map.of("text", "one"));
		this.templates.clock.advance(Duration.ofSeconds(299));
		assertThat(this.templates.render("p", Map.of("text", "two"))).contains("<p>one</p>");
		this.templates.clock.advance(Duration.ofSeconds(2));
		assertThat(this.templates.render("p", Map.of("text", "three"))).contains("<p>three</p>");
	}

	@Test
	void zeroTimeoutStoresNothing() {
		this.templates.template("p", page("<p th:cache=\"0, z\" th:text=\"${text}\">x</p>"));
		this.templates.render("p", Map.of("text", "one"));
		assertThat(this.templates.render("p", Map.of("text", "two"))).contains("<p>two</p>");
	}

	@Test
	void escapingIsWhatTheElementProducesUncached() {
		this.templates.template("p", page("<div th:cache=\"60, esc\"><p th:text=\"${text}\">x</p>"
				+ "<p th:utext=\"${raw}\">y</p><p title=\"a &amp; b\">&lt;literal&gt;</p></div>"));
		Map<String, Object> model = Map.of("text", "<b>&</b>", "raw", "<b>raw</b>");
		String miss = this.templates.render("p", model);
		String hit = this.templates.render("p", Map.of("text", "changed", "raw", "changed"));
		assertThat(miss)
			.contains("<p>&lt;b&gt;&amp;&lt;/b&gt;</p><p><b>raw</b></p><p title=\"a &amp; b\">&lt;literal&gt;</p>");
		assertThat(hit).isEqualTo(miss);
	}

	@Test
	void insideALoopEachIterationHasItsKeyAndItsVariables() {
		this.templates.template("p", page("<ul><li th:each=\"item, stat : ${items}\" th:cache=\"60, item, ${item}\""
				+ " th:text=\"${stat.count} + ':' + ${item}\">x</li></ul>"));
		assertThat(this.templates.render("p", Map.of("items", List.of("a", "b"))))
			.contains("<ul><li>1:a</li><li>2:b</li></ul>");
		// b is now cached with count 2; c renders at count 2 for the first time
		assertThat(this.templates.render("p", Map.of("items", List.of("b", "c"))))
			.contains("<ul><li>2:b</li><li>2:c</li></ul>");
	}

	@Test
	void cachedElementInsideALoopBody() {
		this.templates.template("p", page("<div th:each=\"item : ${items}\"><span th:cache=\"60, s, ${item}\""
				+ " th:text=\"${item}\">x</span></div>"));
		assertThat(this.templates.render("p", Map.of("items", List.of("a", "b"))))
			.contains("<div><span>a</span></div><div><span>b</span></div>");
		assertThat(this.templates.cache("default").hasKey(CacheUtils.makeTemplateFragmentKey("s", List.of("b"))))
			.isTrue();
	}

	@Test
	void thWithVariablesAreInScopeOfTheKey() {
		this.templates.template("p",
				page("<p th:with=\"who=${user} + '!'\" th:cache=\"60, w, ${who}\" th:text=\"${who}\">x</p>"));
		assertThat(this.templates.render("p", Map.of("user", "ann"))).contains("<p>ann!</p>");
		assertThat(this.templates.cache("default").hasKey(CacheUtils.makeTemplateFragmentKey("w", List.of("ann!"))))
			.isTrue();
	}

	@Test
	void falseThIfLeavesNothingStored() {
		this.templates.template("p", page("<p th:if=\"${show}\" th:cache=\"60, cond\">shown</p>"));
		assertThat(this.templates.render("p", Map.of("show", false))).isEqualTo("<html><body></body></html>");
		assertThat(this.templates.render("p", Map.of("show", true))).contains("<p>shown</p>");
	}

	@Test
	void nestedFragmentsAreCapturedIntoEachOther() {
		this.templates.template("p", page("<div th:cache=\"60, outer, ${o}\"><h1 th:text=\"${o}\">o</h1>"
				+ "<p th:cache=\"60, inner, ${i}\" th:text=\"${i}\">i</p></div>"));
		assertThat(this.templates.render("p", Map.of("o", "O1", "i", "I1")))
			.contains("<div><h1>O1</h1><p>I1</p></div>");
		assertThat((String) this.templates.cache("default")
			.get(CacheUtils.makeTemplateFragmentKey("inner", List.of("I1")))).isEqualTo("<p>I1</p>");
		// a new outer key, the inner one cached: the inner hit is part of the new outer
		assertThat(this.templates.render("p", Map.of("o", "O2", "i", "I1")))
			.contains("<div><h1>O2</h1><p>I1</p></div>");
		assertThat((String) this.templates.cache("default")
			.get(CacheUtils.makeTemplateFragmentKey("outer", List.of("O2"))))
			.isEqualTo("<div><h1>O2</h1><p>I1</p></div>");
		// the outer hit evaluates nothing inside, not even the inner key
		LazyContextVariable<String> inner = new LazyContextVariable<>() {
			@Override
			protected String loadValue() {
				throw new AssertionError("inner evaluated");
			}
		};
		assertThat(this.templates.render("p", Map.of("o", "O2", "i", inner)))
			.contains("<div><h1>O2</h1><p>I1</p></div>");
	}

	@Test
	void fragmentsInsertedAndReplacedFromOtherTemplates() {
		this.templates.template("parts", "<html" + NS + "><body>"
				+ "<nav th:fragment=\"menu(user)\" th:cache=\"60, menu, ${user}\"><a th:text=\"${user}\">u</a></nav>"
				+ "<footer th:fragment=\"footer\">static</footer></body></html>");
		this.templates.template("p",
				page("<div th:insert=\"~{parts :: menu(${user})}\"></div>"
						+ "<div th:replace=\"~{parts :: menu(${user})}\"></div>"
						+ "<section th:cache=\"60, foot\"><div th:replace=\"~{parts :: footer}\"></div></section>"));
		String miss = this.templates.render("p", Map.of("user", "ann"));
		assertThat(miss).contains(
				"<div><nav><a>ann</a></nav></div><nav><a>ann</a></nav><section><footer>static</footer></section>");
		assertThat(this.templates.render("p", Map.of("user", "ann"))).isEqualTo(miss);
		assertThat(this.templates.cache("default").hasKey(CacheUtils.makeTemplateFragmentKey("menu", List.of("ann"))))
			.isTrue();
		assertThat((String) this.templates.cache("default").get(CacheUtils.makeTemplateFragmentKey("foot")))
			.isEqualTo("<section><footer>static</footer></section>");
	}

	@Test
	void insertAndCacheOnOneElement() {
		this.templates.template("parts",
				"<html" + NS + "><body><b th:fragment=\"bold\" th:text=\"${v}\">b</b></body></html>");
		this.templates.template("p", page("<div th:insert=\"~{parts :: bold}\" th:cache=\"60, ins\"></div>"));
		assertThat(this.templates.render("p", Map.of("v", "1"))).contains("<div><b>1</b></div>");
		assertThat(this.templates.render("p", Map.of("v", "2"))).contains("<div><b>1</b></div>");
	}

	@Test
	void replaceOnTheSameElementComesFirstAndLeavesNothingToCache() {
		this.templates.template("parts",
				"<html" + NS + "><body><b th:fragment=\"bold\" th:text=\"${v}\">b</b></body></html>");
		this.templates.template("p", page("<div th:replace=\"~{parts :: bold}\" th:cache=\"60, rep\"></div>"));
		assertThat(this.templates.render("p", Map.of("v", "1"))).contains("<body><b>1</b></body>");
		assertThat(this.templates.render("p", Map.of("v", "2"))).contains("<body><b>2</b></body>");
	}

	@Test
	void removedTagsLeaveTheFragmentUncachedAndNoMarker() {
		this.templates.template("p",
				page("<div th:cache=\"60, rt\" th:remove=\"tag\"><i th:text=\"${v}\">x</i></div>"));
		assertThat(this.templates.render("p", Map.of("v", "1"))).isEqualTo("<html><body><i>1</i></body></html>");
		assertThat(this.templates.render("p", Map.of("v", "2"))).isEqualTo("<html><body><i>2</i></body></html>");
	}

	@Test
	void cachedFragmentsInsideALayout() {
		this.templates.template("layout",
				"<html" + NS + " th:fragment=\"layout(content)\"><body>"
						+ "<header th:cache=\"60, header\" th:text=\"${title}\">t</header>"
						+ "<main th:replace=\"${content}\">c</main></body></html>");
		this.templates.template("p", "<html" + NS + " th:replace=\"~{layout :: layout(~{::main})}\"><body>"
				+ "<main th:cache=\"60, main, ${id}\" th:text=\"${id}\">m</main></body></html>");
		assertThat(this.templates.render("p", Map.of("title", "T1", "id", 1)))
			.isEqualTo("<html><body><header>T1</header><main>1</main></body></html>");
		assertThat(this.templates.render("p", Map.of("title", "T2", "id", 2)))
			.isEqualTo("<html><body><header>T1</header><main>2</main></body></html>");
	}

	@Test
	void inlinedJavaScriptIsEvaluatedOnceOnAMiss() {
		this.templates.template("p", page("<div th:cache=\"60, js\"><script th:inline=\"javascript\">"
				+ "var v = [[${counter.value}]];</script></div>"));
		Counter counter = new Counter("v");
		String html = this.templates.render("p", Map.of("counter", counter));
		assertThat(html).contains("var v = \"v\";");
		assertThat(counter.reads()).isEqualTo(1);
		assertThat((String) this.templates.cache("default").get(CacheUtils.makeTemplateFragmentKey("js")))
			.contains("var v = \"v\";");
	}

	@Test
	void standaloneElement() {
		this.templates.template("p", page("<img th:cache=\"60, img\" th:src=\"${src}\"/>"));
		assertThat(this.templates.render("p", Map.of("src", "/a.png"))).contains("<img src=\"/a.png\"/>");
		assertThat(this.templates.render("p", Map.of("src", "/b.png"))).contains("<img src=\"/a.png\"/>");
	}

	@Test
	void namespaceDeclarationAndMarkersStayOutOfTheOutput() {
		this.templates.template("p", page("<p cache:fragment=\"n\">x</p>"));
		String html = this.templates.render("p");
		assertThat(html).doesNotContain("xmlns:cache").doesNotContain("data-cachette").doesNotContain("cache:");
	}

	/**
	 * A {@code BaseCache} alias answers its server's failures itself (a miss, a dropped
	 * write) and logs them once; the fragment renders uncached.
	 */
	@Test
	void failsOpenWhenTheCacheIsDown(CapturedOutput output) {
		this.templates.with("default", new UnreachableCache("default"));
		this.templates.template("p", page("<p th:cache=\"60, down\" th:text=\"${counter.value}\">x</p>"));
		Counter counter = new Counter("rendered");
		assertThat(this.templates.render("p", Map.of("counter", counter))).contains("<p>rendered</p>");
		assertThat(this.templates.render("p", Map.of("counter", counter))).contains("<p>rendered</p>");
		assertThat(counter.reads()).isEqualTo(2);
		assertThat(output.toString().split("Cache 'default': the backend failed", -1)).hasSize(2);
	}

	/**
	 * A cache that is not a {@code BaseCache} and throws: the fragment layer catches it,
	 * renders uncached and warns once.
	 */
	@Test
	void failsOpenWhenACacheThrows(CapturedOutput output) {
		this.templates.with("default", new FailingCache("default"));
		this.templates.template("p", page("<p th:cache=\"60, down\" th:text=\"${counter.value}\">x</p>"));
		Counter counter = new Counter("rendered");
		assertThat(this.templates.render("p", Map.of("counter", counter))).contains("<p>rendered</p>");
		assertThat(this.templates.render("p", Map.of("counter", counter))).contains("<p>rendered</p>");
		assertThat(counter.reads()).isEqualTo(2);
		assertThat(output).contains("Cache 'default' failed to read fragment key 'template.cache.down.");
		assertThat(output.toString().split("failed to read fragment key", -1)).hasSize(2);
	}

	@Test
	void countsHitsAndMissesPerFragmentName() {
		this.templates.template("p",
				page("<aside th:cache=\"60, sidebar, ${user}\">s</aside><p th:cache=\"60, footer\">f</p>"));
		this.templates.render("p", Map.of("user", "ann"));
		this.templates.render("p", Map.of("user", "ann"));
		this.templates.render("p", Map.of("user", "bob"));
		FragmentCacheStatistics statistics = this.templates.statistics;
		assertThat(statistics.hits("sidebar")).isEqualTo(1);
		assertThat(statistics.misses("sidebar")).isEqualTo(2);
		assertThat(statistics.hits("footer")).isEqualTo(2);
		assertThat(statistics.misses("footer")).isEqualTo(1);
		assertThat(statistics.hitRatio()).isEqualTo(0.5);
	}

	@Test
	void aFailedLookupCountsAsAMiss() {
		this.templates.with("default", new UnreachableCache("default"));
		this.templates.template("p", page("<p th:cache=\"60, down\">x</p>"));
		this.templates.render("p");
		assertThat(this.templates.statistics.misses("down")).isEqualTo(1);
		assertThat(this.templates.statistics.hits()).isZero();
	}

	@Test
	void failsOpenWhenOnlyTheWriteFails(CapturedOutput output) {
		// lease off: the lease, on by default for a shared store, is a write too and
		// would
		// fail first, at the fragment's lock
		this.templates.with("default",
				new UnreachableCache(CacheSettings.builder("default").option("lease", "off").build()) {
					@Override
					protected Object getValue(String key) {
						return MISSING;
					}
				});
		this.templates.template("p", page("<p th:cache=\"60, w\">x</p>"));
		assertThat(this.templates.render("p")).contains("<p>x</p>");
		assertThat(output).contains("Cache 'default': the backend failed (Cache 'default' could not set");
	}

	@Test
	void csrfTokenInTheOutputIsNotStored(CapturedOutput output) {
		this.templates.template("p", page("<form th:cache=\"60, form\" method=\"post\">"
				+ "<input type=\"hidden\" th:name=\"${_csrf.parameterName}\" th:value=\"${_csrf.token}\"/></form>"
				+ "<div th:cache=\"60, script\"><script th:inline=\"javascript\">var t = [[${_csrf.token}]];</script></div>"
				+ "<div th:cache=\"60, safe\">no token</div>"));
		StubCsrfToken token = new StubCsrfToken("4f1c6c9e-3d2b-4e6f-9a1b-7c8d9e0f1a2b");
		String html = this.templates.render("p", Map.of("_csrf", token));
		assertThat(html).contains("value=\"4f1c6c9e-3d2b-4e6f-9a1b-7c8d9e0f1a2b\"");
		assertThat(this.templates.cache("default").hasKey(CacheUtils.makeTemplateFragmentKey("form"))).isFalse();
		assertThat(this.templates.cache("default").hasKey(CacheUtils.makeTemplateFragmentKey("script"))).isFalse();
		assertThat(this.templates.cache("default").hasKey(CacheUtils.makeTemplateFragmentKey("safe"))).isTrue();
		assertThat(output)
			.contains("Fragment 'form' of template 'p' was not cached: its output contains a _csrf field");
		assertThat(output)
			.contains("Fragment 'script' of template 'p' was not cached: its output contains the request's CSRF token");
	}

	@Test
	void aTokenNobodyAskedForIsNotCreated() {
		this.templates.template("p", page("<div th:cache=\"60, ids\">0123456789abcdef0123456789abcdef01</div>"));
		StubCsrfToken token = new StubCsrfToken("4f1c6c9e-3d2b-4e6f-9a1b-7c8d9e0f1a2b");
		this.templates.render("p", Map.of("_csrf", token));
		assertThat(this.templates.cache("default").hasKey(CacheUtils.makeTemplateFragmentKey("ids"))).isTrue();
		this.templates.template("q", page("<div th:cache=\"60, short\">short words only</div>"));
		StubCsrfToken untouched = new StubCsrfToken("4f1c6c9e-3d2b-4e6f-9a1b-7c8d9e0f1a2b");
		this.templates.render("q", Map.of("_csrf", untouched));
		assertThat(untouched.reads).isZero();
	}

	@Test
	void fewerThanTwoArgumentsFail() {
		// Django's test_cache11 and test_cache12
		this.templates.template("p", page("<p th:cache=\"1\">x</p>"));
		assertThatExceptionOfType(TemplateProcessingException.class).isThrownBy(() -> this.templates.render("p"))
			.withStackTraceContaining("needs at least a timeout and a fragment name");
	}

	@Test
	void nonIntegerTimeoutFails() {
		// Django's test_cache13, test_cache14 and test_cache15
		this.templates.template("p", page("<p th:cache=\"${foo}, bar\">x</p>"));
		assertThatExceptionOfType(TemplateProcessingException.class).isThrownBy(() -> this.templates.render("p"))
			.withStackTraceContaining("null timeout");
		assertThatExceptionOfType(TemplateProcessingException.class)
			.isThrownBy(() -> this.templates.render("p", Map.of("foo", "fail")))
			.withStackTraceContaining("non-integer timeout value: 'fail'");
		assertThatExceptionOfType(TemplateProcessingException.class)
			.isThrownBy(() -> this.templates.render("p", Map.of("foo", List.of())))
			.withStackTraceContaining("non-integer timeout value: '[]'");
	}

	@Test
	void fragmentNameIsALiteral() {
		this.templates.template("p", page("<p th:cache=\"1, ${name}\">x</p>"));
		assertThatExceptionOfType(TemplateProcessingException.class).isThrownBy(() -> this.templates.render("p"))
			.withStackTraceContaining("must be a literal");
	}

	@Test
	void unpairedAttributesFail() {
		this.templates.template("p", page("<p cache:timeout=\"1\">x</p>"));
		this.templates.template("q", page("<p th:cache-using=\"default\">x</p>"));
		assertThatExceptionOfType(TemplateProcessingException.class).isThrownBy(() -> this.templates.render("p"))
			.withStackTraceContaining("'cache:timeout' needs 'cache:fragment'");
		assertThatExceptionOfType(TemplateProcessingException.class).isThrownBy(() -> this.templates.render("q"))
			.withStackTraceContaining("'th:cache-using' needs 'th:cache'");
	}

	@Test
	void dataAttributeSpellingWorksToo() {
		this.templates.template("p", page(
				"<p data-cache-fragment=\"d\" data-cache-timeout=\"60\">a</p>" + "<p data-th-cache=\"60, e\">b</p>"));
		assertThat(this.templates.render("p")).contains("<p>a</p><p>b</p>");
		assertThat(this.templates.cache("default")
			.getMany(List.of(CacheUtils.makeTemplateFragmentKey("d"), CacheUtils.makeTemplateFragmentKey("e"))))
			.hasSize(2);
	}

	@Test
	void blockCachesItsContentWithoutAWrapper() {
		this.templates.template("p",
				page("<th:block th:cache=\"60, b, ${user}\"><h1 th:text=\"${counter.value}\">t</h1>"
						+ "text [[${counter.value}]]</th:block><th:block cache:fragment=\"c\">[(${raw})]</th:block>"));
		Counter first = new Counter("<one>");
		assertThat(this.templates.render("p", Map.of("user", "ann", "counter", first, "raw", "[[${lazy}]]")))
			.isEqualTo("<html><body><h1>&lt;one&gt;</h1>text &lt;one&gt;[[${lazy}]]</body></html>");
		assertThat(first.reads()).isEqualTo(2);
		assertThat(
				(String) this.templates.cache("default").get(CacheUtils.makeTemplateFragmentKey("b", List.of("ann"))))
			.isEqualTo("<h1>&lt;one&gt;</h1>text &lt;one&gt;");
		Counter second = new Counter("two");
		LazyContextVariable<String> lazy = new LazyContextVariable<>() {
			@Override
			protected String loadValue() {
				throw new AssertionError("a stored text was processed again");
			}
		};
		assertThat(this.templates.render("p", Map.of("user", "ann", "counter", second, "raw", "x", "lazy", lazy)))
			.isEqualTo("<html><body><h1>&lt;one&gt;</h1>text &lt;one&gt;[[${lazy}]]</body></html>");
		assertThat(second.reads()).isZero();
	}

	@Test
	void blockInALoopWithLocalVariables() {
		this.templates.template("p", page("<th:block th:each=\"item : ${items}\" th:with=\"label=${item} + '!'\""
				+ " th:cache=\"60, item, ${item}\"><i th:text=\"${label}\">x</i></th:block>"));
		assertThat(this.templates.render("p", Map.of("items", List.of("a", "b"))))
			.contains("<body><i>a!</i><i>b!</i></body>");
		assertThat(this.templates.render("p", Map.of("items", List.of("b", "a"))))
			.contains("<body><i>b!</i><i>a!</i></body>");
		assertThat(this.templates.cache("default").hasKey(CacheUtils.makeTemplateFragmentKey("item", List.of("a"))))
			.isTrue();
	}

	@Test
	void blocksNestInsideElementsAndElementsInsideBlocks() {
		this.templates.template("p", page("<div th:cache=\"60, outer\"><th:block th:cache=\"60, inner\">"
				+ "<p th:cache=\"60, innermost\" th:text=\"${v}\">x</p></th:block></div>"));
		assertThat(this.templates.render("p", Map.of("v", "1"))).contains("<body><div><p>1</p></div></body>");
		assertThat(this.templates.cache("default")
			.getMany(List.of(CacheUtils.makeTemplateFragmentKey("outer"), CacheUtils.makeTemplateFragmentKey("inner"),
					CacheUtils.makeTemplateFragmentKey("innermost"))))
			.containsValues("<div><p>1</p></div>", "<p>1</p>", "<p>1</p>");
		assertThat(this.templates.render("p", Map.of("v", "2"))).contains("<body><div><p>1</p></div></body>");
	}

	/** Spring Security's {@code CsrfToken} shape, without Spring Security. */
	public static final class StubCsrfToken {

		private final String token;

		int reads;

		StubCsrfToken(String token) {
			this.token = token;
		}

		public String getParameterName() {
			return "_csrf";
		}

		public String getToken() {
			this.reads++;
			return this.token;
		}

	}

}
