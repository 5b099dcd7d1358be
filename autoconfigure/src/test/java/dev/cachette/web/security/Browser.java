package dev.cachette.web.security;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One user's browser against a real server: its own {@link HttpClient} and cookie jar,
 * redirects not followed (so each 302 and {@code Set-Cookie} is seen), form login with
 * the token of the login page, HTTP Basic or a bearer token. Browsers opened on the same
 * list know each other: every response one of them receives is checked against what the
 * others own (their {@code user=name} marker, CSRF tokens, session and remember-me cookie
 * values, bearer token), in the body and in {@code Set-Cookie}, so no test can forget to
 * look for a leak; then what it holds of this user's own is remembered.
 */
public final class Browser {

	private static final Pattern TOKEN = Pattern.compile(
			"(?:value|content|data-csrf)=\"([A-Za-z0-9_\\-=]{30,})\"|var token = \"([A-Za-z0-9_\\-=]+)\"|_csrf=([A-Za-z0-9_\\-=]{30,})");

	private static final Set<String> SECRET_COOKIES = Set.of("JSESSIONID", "remember-me", "XSRF-TOKEN");

	private final String name;

	private final URI base;

	private final List<Browser> everyone;

	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	private final HttpClient client;

	private final Set<String> secrets = new LinkedHashSet<>();

	private final List<String> csrfTokens = new ArrayList<>();

	private final Map<String, String> headers = new LinkedHashMap<>();

	/**
	 * Opens a browser and adds it to the others'.
	 * @param name the user's name, as pages show it ({@code user=name}), or
	 * {@code anonymous}
	 * @param base the server, such as {@code http://localhost:8080}
	 * @param everyone the browsers of the test, this one included once opened
	 */
	public Browser(String name, URI base, List<Browser> everyone) {
		this.name = name;
		this.base = base;
		this.everyone = everyone;
		this.client = HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		everyone.add(this);
	}

	public String name() {
		return this.name;
	}

	/**
	 * Sends a {@code GET} as a browser does ({@code Accept: text/html}).
	 * @param path the path and query
	 * @return the response, checked for what other browsers own
	 */
	public HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(request(path).GET());
	}

	/**
	 * Posts a form.
	 * @param path the path
	 * @param form the fields
	 * @return the response, checked for what other browsers own
	 */
	public HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
		String body = form.entrySet()
			.stream()
			.map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
			.collect(Collectors.joining("&"));
		return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/**
	 * Signs in through the login form, with the CSRF token of the login page, and checks
	 * that signing in gave a new session id (session fixation protection).
	 * @param rememberMe whether to tick "remember me"
	 * @return this browser
	 */
	public Browser logIn(String password, boolean rememberMe) throws IOException, InterruptedException {
		HttpResponse<String> page = get("/login");
		assertThat(page.statusCode()).as("the login page").isEqualTo(200);
		String before = cookie("JSESSIONID").orElseThrow();
		Map<String, String> form = new LinkedHashMap<>();
		form.put("username", this.name);
		form.put("password", password);
		form.put("_csrf", lastCsrfToken());
		if (rememberMe) {
			form.put("remember-me", "on");
		}
		HttpResponse<String> login = post("/login", form);
		assertThat(login.statusCode()).as("signing in " + this.name).isEqualTo(302);
		assertThat(login.headers().firstValue("Location")).hasValueSatisfying((to) -> assertThat(to).endsWith("/home"));
		assertThat(cookie("JSESSIONID").orElseThrow()).as("session id after login (session fixation)")
			.isNotEqualTo(before);
		assertThat(cookie("remember-me").isPresent()).isEqualTo(rememberMe);
		return this;
	}

	/** Sends HTTP Basic credentials with every request. */
	public Browser withBasic(String password) {
		this.headers.put("Authorization", "Basic " + java.util.Base64.getEncoder()
			.encodeToString((this.name + ":" + password).getBytes(StandardCharsets.UTF_8)));
		return this;
	}

	/** Sends a bearer token with every request. */
	public Browser withBearer(String token) {
		this.headers.put("Authorization", "Bearer " + token);
		this.secrets.add(token);
		return this;
	}

	/**
	 * Forgets the session cookie, as a browser that was closed does; a remember-me cookie
	 * stays.
	 */
	public Browser closeAndReopen() {
		this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals("JSESSIONID"))
			.toList()
			.forEach((cookie) -> this.cookies.getCookieStore().remove(null, cookie));
		return this;
	}

	/** A cookie's value in this browser's jar. */
	public Optional<String> cookie(String cookieName) {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals(cookieName))
			.map(HttpCookie::getValue)
			.reduce((first, last) -> last);
	}

	/** Every CSRF token this browser was handed, in the order received. */
	public List<String> csrfTokens() {
		return this.csrfTokens;
	}

	public String lastCsrfToken() {
		assertThat(this.csrfTokens).as(this.name + "'s CSRF tokens").isNotEmpty();
		return this.csrfTokens.get(this.csrfTokens.size() - 1);
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path))
			.timeout(Duration.ofSeconds(30))
			.header("Accept", "text/html,application/xhtml+xml");
		this.headers.forEach(request::header);
		return request;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		List<String> setCookies = response.headers().allValues("Set-Cookie");
		for (Browser other : this.everyone) {
			if (other != this) {
				other.ownsNothingOf(response, setCookies, this.name);
			}
		}
		remember(response.body(), setCookies);
		return response;
	}

	private void ownsNothingOf(HttpResponse<String> response, List<String> setCookies, String receiver) {
		String what = response.request().method() + " " + response.uri().getPath() + " to " + receiver;
		assertThat(response.body()).as(what + ": " + this.name + "'s page").doesNotContain("user=" + this.name + " ");
		for (String secret : this.secrets) {
			assertThat(response.body()).as(what + ": body with a secret of " + this.name).doesNotContain(secret);
			assertThat(setCookies).as(what + ": Set-Cookie with a secret of " + this.name)
				.noneMatch((header) -> header.contains(secret));
		}
	}

	private void remember(String body, List<String> setCookies) {
		Matcher matcher = TOKEN.matcher(body);
		while (matcher.find()) {
			String token = (matcher.group(1) != null) ? matcher.group(1)
					: (matcher.group(2) != null) ? matcher.group(2) : matcher.group(3);
			this.csrfTokens.add(token);
			this.secrets.add(token);
		}
		for (String header : setCookies) {
			for (HttpCookie cookie : HttpCookie.parse(header)) {
				if (SECRET_COOKIES.contains(cookie.getName()) && !cookie.getValue().isEmpty()) {
					this.secrets.add(cookie.getValue());
				}
			}
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return this.name;
	}

}
