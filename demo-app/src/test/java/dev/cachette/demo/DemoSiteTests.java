package dev.cachette.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.cachette.cache.Cache;
import dev.cachette.cache.Caches;
import dev.cachette.invalidation.CacheWarmer;
import dev.cachette.invalidation.CacheWarming;
import dev.cachette.invalidation.WarmingContext;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo over real HTTP, on whichever backend a subclass configures: every layer's
 * caching, the busts after an edit, and per-user isolation. Each test starts from empty
 * caches.
 *
 * @author Cachette contributors
 */
abstract class DemoSiteTests {

	private static final Pattern CACHE_KEY = Pattern.compile("id=\"cache-key\">([^<]+)<");

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private ArticleRepository repository;

	@Autowired
	private ServletWebServerApplicationContext context;

	@Autowired
	private Caches caches;

	@Autowired
	private CacheWarming warming;

	@Autowired
	private List<CacheWarmer> warmers;

	@BeforeEach
	void emptyCaches() throws Exception {
		// The warmer runs once after startup: let it finish before clearing its work.
		this.warming.completion().get(30, TimeUnit.SECONDS);
		this.caches.all().forEach(Cache::clear);
	}

	@Test
	void homeIsCachedForEveryone_andTheNavbarSaysWhetherItCameFromTheCache() throws Exception {
		String newest = this.repository.findLatest(1).get(0).title();

		HttpResponse<String> first = get("/");
		long queriesAfterFirst = this.repository.queryCount();
		HttpResponse<String> second = get("/");

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.body()).contains(escaped(newest)).contains("page cache: MISS");
		assertThat(second.body()).contains(escaped(newest)).contains("page cache: HIT");
		assertThat(this.repository.queryCount()).as("a hit does not reach the controller").isEqualTo(queriesAfterFirst);
		assertThat(serverTime(second.body())).as("the server time is this request's, not the stored page's")
			.isNotEqualTo(serverTime(first.body()));
	}

	@Test
	void eachLayerReportsItsHitsInTheNavbar() throws Exception {
		Article article = this.repository.findLatest(1).get(0);
		assertThat(get("/articles").body()).contains("fragment popular: MISS");
		assertThat(get("/articles").body()).contains("fragment popular: HIT");
		String detail = "/articles/" + article.slug();
		assertThat(get(detail).body()).contains("low-level article_" + article.slug() + ": MISS");
		assertThat(get(detail).body()).contains("low-level article_" + article.slug() + ": HIT");
	}

	@Test
	void afterAnEdit_everyViewOfTheArticleShowsTheNewTitle() throws Exception {
		Article article = this.repository.findLatest(1).get(0);
		String oldTitle = article.title();
		List<String> views = List.of("/", "/articles", "/articles/" + article.slug(), "/api/articles/" + article.slug(),
				"/api/articles", "/categories/" + article.category());
		for (String view : views) {
			// Twice: the second read comes from the page, fragment or low-level cache.
			get(view);
			assertThat(get(view).body()).as(view).contains(view.startsWith("/api") ? oldTitle : escaped(oldTitle));
		}
		assertThat(get("/articles").body()).contains("fragment popular: HIT");
		String category = cacheKey(get("/categories/" + article.category()).body());

		String newTitle = "Edited " + UUID.randomUUID();
		HttpResponse<String> saved = post("/articles/" + article.slug() + "/edit",
				"title=" + encode(newTitle) + "&body=" + encode("New text"));

		assertThat(saved.statusCode()).isEqualTo(302);
		for (String view : views) {
			String body = get(view).body();
			assertThat(body).as(view).contains(newTitle).doesNotContain(oldTitle);
		}
		String list = get("/articles").body();
		assertThat(list.substring(list.indexOf("id=\"popular\""))).as("the popular-articles fragment")
			.contains(newTitle);
		assertThat(cacheKey(get("/categories/" + article.category()).body()))
			.as("the category namespace moved to a new version")
			.isNotEqualTo(category);
	}

	@Test
	void theDashboardIsCachedPerUser_andNeverShownToAnotherUser() throws Exception {
		HttpResponse<String> login = post("/login", "user=Grace");
		assertThat(login.headers().firstValue("Set-Cookie"))
			.hasValueSatisfying((cookie) -> assertThat(cookie).startsWith(DashboardController.USER_COOKIE + "=Grace"));

		String ada = get("/dashboard", "Ada").body();
		String grace = get("/dashboard", "Grace").body();
		String adaAgain = get("/dashboard", "Ada").body();
		String graceAgain = get("/dashboard", "Grace").body();

		assertThat(ada).contains("Dashboard of <span id=\"user\">Ada</span>").contains("dashboard:Ada: MISS");
		assertThat(grace).contains("Dashboard of <span id=\"user\">Grace</span>")
			.contains("dashboard:Grace: MISS")
			.doesNotContain(">Ada<");
		assertThat(adaAgain).contains("Dashboard of <span id=\"user\">Ada</span>")
			.contains("dashboard:Ada: HIT")
			.doesNotContain(">Grace<");
		assertThat(graceAgain).contains("Dashboard of <span id=\"user\">Grace</span>").contains("dashboard:Grace: HIT");
		for (Article article : this.repository.findByAuthor("Grace", 5)) {
			assertThat(ada).doesNotContain(escaped(article.title()));
			assertThat(grace).contains(escaped(article.title()));
		}
		assertThat(get("/dashboard").body()).as("nobody logged in").contains("Pick an author");
	}

	@Test
	void tomcatSendsAWholeCachedPageFromOneDirectBuffer() throws Exception {
		Connector connector = ((TomcatWebServer) this.context.getWebServer()).getTomcat().getConnector();
		assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString("65536");
		assertThat(connector.getProperty("socket.directBuffer")).hasToString("true");
		HttpResponse<String> miss = get("/bench/table-pattern");
		HttpResponse<String> hit = get("/bench/table-pattern");
		assertThat(hit.body()).hasSizeGreaterThan(40_000).isEqualTo(miss.body());
		assertThat(hit.headers().firstValue("Age")).isPresent();
	}

	@Test
	void theHitRatioPageShowsEachAliasAndLayer() throws Exception {
		get("/");
		get("/");
		String stats = get("/stats").body();
		assertThat(stats).contains("<svg id=\"chart\"")
			.contains("alias default")
			.contains("alias template-fragments")
			.contains(">pages<");
		assertThat(get("/stats").body()).as("never cached").contains("not cached");
	}

	@Test
	void theWarmerFillsThePopularArticles() throws Exception {
		assertThat(this.warming.failures()).isZero();
		Cache cache = this.caches.get("default");
		assertThat(cache.hasKey(PopularArticles.KEY)).isFalse();
		for (CacheWarmer warmer : this.warmers) {
			warmer.warm(new WarmingContext(this.caches));
		}
		assertThat(cache.<List<Article>>get(PopularArticles.KEY)).hasSize(5)
			.first()
			.extracting(Article::slug)
			.isEqualTo(this.repository.findLatest(1).get(0).slug());
	}

	private static String cacheKey(String html) {
		Matcher matcher = CACHE_KEY.matcher(html);
		assertThat(matcher.find()).as("a cache key in the page").isTrue();
		return matcher.group(1);
	}

	private static String serverTime(String html) {
		int start = html.indexOf("id=\"server-time\">");
		return html.substring(start, html.indexOf("</strong>", start));
	}

	private static String escaped(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(request(path).GET().build());
	}

	private HttpResponse<String> get(String path, String user) throws IOException, InterruptedException {
		return send(request(path).header("Cookie", DashboardController.USER_COOKIE + "=" + user).GET().build());
	}

	private HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
		return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30));
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
