package dev.cachette.web.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.cachette.cache.Cache;
import dev.cachette.cache.Caches;
import dev.cachette.web.PageCacheStatistics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the two-user suites share: {@link SecuredApplication} on a real Tomcat, every
 * cache emptied before each test, a {@link Browser} for alice, bob, carol (the
 * administrator) and an anonymous visitor, and the scenarios that more than one page
 * cache runs. Each scenario sends the same URLs from several users in interleaved order,
 * so that a page stored for one and served to another would show; every response is
 * checked by {@link Browser} for what the other users own.
 *
 * <p>
 * "The status the uncached application gives" is measured, not assumed: the same request
 * from the same browser with a query parameter no other request has ({@link #uncached}),
 * which the page caches key on and so always miss.
 */
@SpringBootTest(classes = SecuredApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "cache-middleware.pages[0].pattern=/pattern/**", "cache-middleware.pages[0].timeout=60",
				"cache-middleware.pages[1].pattern=/pattern-shared/**", "cache-middleware.pages[1].timeout=60",
				"cache-middleware.pages[1].shared=true", "cache-middleware.pages[2].pattern=/cookie-csrf/pattern/**",
				"cache-middleware.pages[2].timeout=60" })
abstract class TwoUserTests {

	private static final Pattern COUNT = Pattern.compile("#(\\d+)");

	private static final AtomicInteger uniqueQueries = new AtomicInteger();

	/** How a user signs in. */
	enum Login {

		/** The login form, with its CSRF token. */
		FORM,
		/** HTTP Basic on every request. */
		BASIC,
		/** The login form with "remember me", then the browser closed and reopened. */
		REMEMBER_ME

	}

	@LocalServerPort
	private int port;

	@Autowired
	private Caches caches;

	@Autowired
	private PageCacheStatistics statistics;

	protected final List<Browser> everyone = new ArrayList<>();

	protected Browser alice;

	protected Browser bob;

	protected Browser carol;

	protected Browser anonymous;

	@BeforeEach
	void openBrowsers() {
		this.caches.all().forEach(Cache::clear);
		URI base = URI.create("http://localhost:" + this.port);
		this.alice = new Browser(SecuredApplication.ALICE, base, this.everyone);
		this.bob = new Browser(SecuredApplication.BOB, base, this.everyone);
		this.carol = new Browser(SecuredApplication.CAROL, base, this.everyone);
		this.anonymous = new Browser("anonymous", base, this.everyone);
	}

	protected void logIn(Login login, Browser... users) throws IOException, InterruptedException {
		for (Browser user : users) {
			String password = SecuredApplication.password(user.name());
			switch (login) {
				case FORM -> user.logIn(password, false);
				case BASIC -> user.withBasic(password);
				case REMEMBER_ME -> user.logIn(password, true).closeAndReopen();
			}
		}
	}

	/**
	 * The response the application gives without the page cache: the same request with a
	 * query no other request has.
	 */
	protected static HttpResponse<String> uncached(Browser browser, String path)
			throws IOException, InterruptedException {
		return browser.get(path + (path.contains("?") ? "&" : "?") + "uncached=" + uniqueQueries.incrementAndGet());
	}

	/**
	 * Sends a request and checks that its status (and redirect) is the one the uncached
	 * application gives the same browser.
	 */
	protected static HttpResponse<String> getAsUncached(Browser browser, String path)
			throws IOException, InterruptedException {
		HttpResponse<String> expected = uncached(browser, path);
		HttpResponse<String> response = browser.get(path);
		assertThat(response.statusCode()).as("status of " + path + " for " + browser).isEqualTo(expected.statusCode());
		assertThat(response.headers().firstValue("Location")).as("redirect of " + path + " for " + browser)
			.isEqualTo(expected.headers().firstValue("Location"));
		return response;
	}

	protected static boolean isHit(HttpResponse<String> response) {
		return response.headers().firstValue("Age").isPresent();
	}

	/** The render count in a body ({@code #12}). */
	protected static int renderCount(HttpResponse<String> response) {
		Matcher matcher = COUNT.matcher(response.body());
		assertThat(matcher.find()).as("a render count in " + response.body()).isTrue();
		return Integer.parseInt(matcher.group(1));
	}

	protected long refusals(String reason) {
		return this.statistics.notCacheable().getOrDefault(reason, 0L);
	}

	/**
	 * A page that depends on its user: alice and bob, interleaved, each get their own,
	 * each from the cache after the first time; an anonymous visitor gets what the
	 * uncached application gives.
	 */
	protected void eachUserGetsTheirOwnPage(String path, Login login) throws IOException, InterruptedException {
		logIn(login, this.alice, this.bob);
		List<Browser> order = List.of(this.alice, this.bob, this.bob, this.alice, this.alice, this.bob);
		List<HttpResponse<String>> alices = new ArrayList<>();
		for (Browser user : order) {
			HttpResponse<String> response = user.get(path);
			assertThat(response.statusCode()).as(path + " for " + user).isEqualTo(200);
			assertThat(response.body()).contains("user=" + user.name() + " ");
			if (user == this.alice) {
				alices.add(response);
			}
		}
		assertThat(isHit(alices.get(alices.size() - 1))).as("alice's page served from the cache").isTrue();
		assertThat(renderCount(alices.get(alices.size() - 1))).isEqualTo(renderCount(alices.get(alices.size() - 2)));
		HttpResponse<String> stranger = getAsUncached(this.anonymous, path);
		assertThat(stranger.body()).doesNotContain("user=");
	}

	/**
	 * A page only {@code allowed} may see, the same for everyone who may (one cache entry
	 * answers every user's key): {@code denied} and the anonymous visitor get the
	 * uncached application's answer before and after it is cached, and never its body.
	 */
	protected void onlyTheAllowedUserGetsThePage(String path, Browser allowed, Browser denied)
			throws IOException, InterruptedException {
		onlyTheAllowedUserGetsThePage(path, allowed, denied, true);
	}

	/**
	 * As {@link #onlyTheAllowedUserGetsThePage(String, Browser, Browser)}, for a page
	 * that may or may not be stored.
	 */
	protected void onlyTheAllowedUserGetsThePage(String path, Browser allowed, Browser denied, boolean stored)
			throws IOException, InterruptedException {
		logIn(Login.FORM, allowed, denied);
		HttpResponse<String> before = getAsUncached(denied, path);
		assertThat(before.statusCode()).as("denied before caching").isEqualTo(403);
		HttpResponse<String> first = allowed.get(path);
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.body()).contains(SecuredPages.REPORT);
		HttpResponse<String> again = allowed.get(path);
		assertThat(isHit(again)).as("the page served from the cache").isEqualTo(stored);
		for (Browser outsider : List.of(denied, this.anonymous, denied)) {
			HttpResponse<String> after = getAsUncached(outsider, path);
			assertThat(after.statusCode()).as(path + " for " + outsider).isNotEqualTo(200);
			assertThat(after.body()).doesNotContain(SecuredPages.REPORT);
		}
	}

	/**
	 * A page holding a CSRF token, for alice, bob and an anonymous visitor in turn: each
	 * gets a token of their own, the page is never stored (every response rendered, each
	 * refused as {@code csrf-token}, or {@code set-cookie} when the response also hands
	 * out a cookie), and bob cannot post with alice's token while each may with their
	 * own.
	 * @param path the page, {@code ?in=} naming where its token is
	 * @param echo where its form posts
	 */
	protected void csrfTokensStayWithTheirUser(String path, String echo) throws IOException, InterruptedException {
		logIn(Login.FORM, this.alice, this.bob);
		long refusedBefore = refusals("csrf-token") + refusals("set-cookie");
		long csrfBefore = refusals("csrf-token");
		List<Browser> order = List.of(this.alice, this.bob, this.anonymous, this.bob, this.alice, this.anonymous,
				this.alice);
		List<Integer> counts = new ArrayList<>();
		for (Browser user : order) {
			int tokens = user.csrfTokens().size();
			HttpResponse<String> response = user.get(path);
			assertThat(response.statusCode()).as(path + " for " + user).isEqualTo(200);
			assertThat(response.body()).contains("user=" + user.name() + " ");
			assertThat(isHit(response)).as(path + " never served from the cache").isFalse();
			assertThat(user.csrfTokens()).as("a token of " + user + "'s own").hasSizeGreaterThan(tokens);
			counts.add(renderCount(response));
		}
		assertThat(counts).doesNotHaveDuplicates();
		assertThat(refusals("csrf-token") + refusals("set-cookie") - refusedBefore).isEqualTo(order.size());
		assertThat(refusals("csrf-token")).isGreaterThan(csrfBefore);
		HttpResponse<String> stolen = this.bob.post(echo, Map.of("message", "hi", "_csrf", this.alice.lastCsrfToken()));
		assertThat(stolen.statusCode()).as("bob posting alice's token").isEqualTo(403);
		assertThat(stolen.body()).doesNotContain("posted");
		for (Browser user : List.of(this.alice, this.bob)) {
			HttpResponse<String> own = user.post(echo, Map.of("message", "hi", "_csrf", user.lastCsrfToken()));
			assertThat(own.statusCode()).as(user + " posting their own token").isEqualTo(200);
			assertThat(own.body()).contains("posted by user=" + user.name() + " ");
		}
	}

}
