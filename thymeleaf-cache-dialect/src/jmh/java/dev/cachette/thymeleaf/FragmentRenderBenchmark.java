package dev.cachette.thymeleaf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheUtils;

/**
 * The time to render a page whose costly part (a table of 200 rows, five expressions
 * each) is a cached fragment, against the same page without the cache, on a real
 * {@code SpringTemplateEngine} with a locmem cache. The modes, in one run so the ratio
 * comes from one table: {@code uncached} (no cache attribute), {@code hit} (the fragment
 * is in the cache) and {@code miss} (the key is deleted before each render, so every
 * render evaluates the table and captures it: the capture's overhead).
 *
 * <p>
 * Run from the repository root:
 *
 * <pre class="code">
 * ./mvnw -q -Pjmh -pl thymeleaf-cache-dialect -am test-compile -DskipTests
 * ./mvnw -q -Pjmh -pl thymeleaf-cache-dialect exec:exec -Dexec.executable=java \
 *     -Dexec.classpathScope=test -Dexec.args="-cp %classpath org.openjdk.jmh.Main FragmentRenderBenchmark"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FragmentRenderBenchmark {

	private static final String ROWS = "<table><tr th:each=\"row, stat : ${rows}\" th:class=\"${stat.odd} ? 'odd' : 'even'\">"
			+ "<td th:text=\"${stat.count}\">1</td><td th:text=\"${row.title}\">title</td>"
			+ "<td th:text=\"${#strings.toUpperCase(row.author)}\">author</td>"
			+ "<td th:text=\"${#numbers.formatDecimal(row.score, 1, 2)}\">0.00</td></tr></table>";

	private static final String PAGE = "<html xmlns:th=\"http://www.thymeleaf.org\"><body><h1 th:text=\"${title}\">t</h1>"
			+ "%s</body></html>";

	@Param({ "uncached", "hit", "miss" })
	public String mode;

	private Templates templates;

	private Cache cache;

	private Map<String, Object> model;

	private String template;

	private final String key = CacheUtils.makeTemplateFragmentKey("table");

	@Setup
	public void setUp() {
		this.templates = new Templates();
		this.templates.template("uncached", String.format(PAGE, "<section>" + ROWS + "</section>"));
		this.templates.template("cached", String.format(PAGE, "<section th:cache=\"none, table\">" + ROWS + "</section>"));
		this.cache = this.templates.cache("default");
		List<Row> rows = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			rows.add(new Row("Article number " + i, "author " + (i % 7), i * 1.37));
		}
		this.model = Map.of("title", "Front page", "rows", rows);
		this.template = this.mode.equals("uncached") ? "uncached" : "cached";
		this.templates.render(this.template, this.model);
	}

	@Benchmark
	public String render() {
		if (this.mode.equals("miss")) {
			this.cache.delete(this.key);
		}
		return this.templates.render(this.template, this.model);
	}

	/** One row of the costly table. */
	public record Row(String title, String author, double score) {
	}

}
