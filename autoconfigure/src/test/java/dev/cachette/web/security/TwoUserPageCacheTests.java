package dev.cachette.web.security;

import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two users and real Spring Security against {@code @CachePage} (the interceptor path, on
 * a controller without advice, and the advice path, behind method security), URL patterns
 * and the bearer-token API, with the per-site cache off. The backend is the subclass's.
 */
abstract class TwoUserPageCacheTests extends TwoUserTests {

	@ParameterizedTest
	@EnumSource(Login.class)
	void cachePageOnTheInterceptorPathKeepsEachUsersPage(Login login) throws Exception {
		eachUserGetsTheirOwnPage("/cp/me", login);
	}

	@ParameterizedTest
	@EnumSource(Login.class)
	void cachePageOnTheAdvicePathKeepsEachUsersPage(Login login) throws Exception {
		eachUserGetsTheirOwnPage("/ms/me", login);
	}

	@ParameterizedTest
	@EnumSource(Login.class)
	void urlPatternKeepsEachUsersPage(Login login) throws Exception {
		eachUserGetsTheirOwnPage("/pattern/me", login);
	}

	@ParameterizedTest
	@CsvSource({ "/ms/admin-above, carol", "/ms/admin-below, carol", "/ms/secured, carol", "/ms/roles-allowed, carol",
			"/ms/custom, alice" })
	void methodSecurityRunsBeforeACachedPage(String path, String allowed) throws Exception {
		Browser allowedUser = allowed.equals("alice") ? this.alice : this.carol;
		onlyTheAllowedUserGetsThePage(path, allowedUser, this.bob);
	}

	@ParameterizedTest
	@CsvSource({ "/pattern/guarded", "/pattern-shared/guarded" })
	void applicationInterceptorRunsBeforeAPageAUrlPatternCached(String path) throws Exception {
		logIn(Login.FORM, this.alice, this.bob, this.carol);
		HttpResponse<String> before = getAsUncached(this.bob, path);
		assertThat(before.statusCode()).isEqualTo(403);
		assertThat(this.alice.get(path).statusCode()).isEqualTo(200);
		assertThat(isHit(this.alice.get(path))).as("alice's page served from the cache").isTrue();
		HttpResponse<String> after = getAsUncached(this.bob, path);
		assertThat(after.body()).doesNotContain(SecuredPages.REPORT).doesNotContain("user=");
		assertThat(this.carol.get(path).statusCode()).isEqualTo(200);
		assertThat(getAsUncached(this.anonymous, path).body()).doesNotContain(SecuredPages.REPORT);
	}

	@ParameterizedTest
	@CsvSource({ "/cp/form, form", "/cp/form, meta", "/cp/form, script", "/cp/form, data", "/cp/form, url",
			"/ms/form, form", "/ms/form, meta", "/ms/form, script", "/ms/form, data", "/ms/form, url",
			"/pattern/form, form", "/pattern/form, meta", "/pattern/form, script", "/pattern/form, data",
			"/pattern/form, url" })
	void csrfTokensOfTheSessionRepositoryAreNeverStored(String path, String in) throws Exception {
		csrfTokensStayWithTheirUser(path + "?in=" + in, "/cp/echo");
	}

	@ParameterizedTest
	@CsvSource({ "/cookie-csrf/form, form", "/cookie-csrf/form, meta", "/cookie-csrf/form, script",
			"/cookie-csrf/form, data", "/cookie-csrf/form, url", "/cookie-csrf/pattern/form, form",
			"/cookie-csrf/pattern/form, script" })
	void csrfTokensOfTheCookieRepositoryAreNeverStored(String path, String in) throws Exception {
		csrfTokensStayWithTheirUser(path + "?in=" + in, "/cookie-csrf/echo");
	}

	@ParameterizedTest
	@CsvSource({ "/cp/shared-form, form", "/cp/shared-form, script", "/pattern-shared/form, form",
			"/pattern-shared/form, data" })
	void sharedPageWithACsrfTokenIsStillNeverStored(String path, String in) throws Exception {
		csrfTokensStayWithTheirUser(path + "?in=" + in, "/cp/echo");
	}

	@Test
	void sharedPageIsOneEntryForEveryone() throws Exception {
		logIn(Login.FORM, this.alice, this.bob);
		HttpResponse<String> first = this.alice.get("/cp/shared");
		assertThat(first.statusCode()).isEqualTo(200);
		for (Browser user : List.of(this.bob, this.anonymous, this.alice, this.bob)) {
			HttpResponse<String> response = user.get("/cp/shared");
			assertThat(isHit(response)).as("served to " + user + " from alice's entry").isTrue();
			assertThat(response.body()).isEqualTo(first.body());
		}
	}

	@Test
	void bearerTokensUnderCachePageGetTheirOwnBodies() throws Exception {
		this.alice.withBearer(BearerTokens.forUser("alice", SecuredApplication.KEYS.getPrivate()));
		this.bob.withBearer(BearerTokens.forUser("bob", SecuredApplication.KEYS.getPrivate()));
		HttpResponse<String> anonymousBefore = getAsUncached(this.anonymous, "/api/me");
		assertThat(anonymousBefore.statusCode()).isEqualTo(401);
		for (Browser user : List.of(this.alice, this.bob, this.bob, this.alice, this.alice, this.bob)) {
			HttpResponse<String> response = user.get("/api/me");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("user=" + user.name() + " ");
		}
		assertThat(isHit(this.alice.get("/api/me"))).isTrue();
		assertThat(getAsUncached(this.anonymous, "/api/me").statusCode()).isEqualTo(401);
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		Browser forger = this.carol.withBearer(BearerTokens.forUser("alice", generator.generateKeyPair().getPrivate()));
		HttpResponse<String> forged = getAsUncached(forger, "/api/me");
		assertThat(forged.statusCode()).isEqualTo(401);
		assertThat(forged.body()).doesNotContain("user=");
	}

}
