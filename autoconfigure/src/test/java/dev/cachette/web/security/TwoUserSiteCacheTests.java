package dev.cachette.web.security;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two users and real Spring Security against the per-site cache, which stores every page
 * it may: personal pages, a page an application interceptor guards, method security on a
 * page no {@code @CachePage} names, CSRF forms with both token repositories, and a
 * {@code @PostAuthorize} handler whose pages are never stored. The backend is the
 * subclass's.
 */
@TestPropertySource(properties = "cache-middleware.enabled=true")
abstract class TwoUserSiteCacheTests extends TwoUserTests {

	@ParameterizedTest
	@EnumSource(Login.class)
	void perSiteCacheKeepsEachUsersPage(Login login) throws Exception {
		eachUserGetsTheirOwnPage("/site/me", login);
	}

	@ParameterizedTest
	@CsvSource({ "/site/guarded", "/site/shared-guarded" })
	void applicationInterceptorRunsBeforeAPageThePerSiteCacheStored(String path) throws Exception {
		logIn(Login.FORM, this.alice, this.bob, this.carol);
		assertThat(getAsUncached(this.bob, path).statusCode()).isEqualTo(403);
		assertThat(this.alice.get(path).statusCode()).isEqualTo(200);
		assertThat(isHit(this.alice.get(path))).as("alice's page served from the cache").isTrue();
		for (Browser outsider : List.of(this.bob, this.anonymous, this.bob)) {
			HttpResponse<String> after = getAsUncached(outsider, path);
			assertThat(after.statusCode()).isNotEqualTo(200);
			assertThat(after.body()).doesNotContain(SecuredPages.REPORT).doesNotContain("user=");
		}
		assertThat(this.carol.get(path).statusCode()).isEqualTo(200);
	}

	@Test
	void methodSecurityRunsBeforeAPageThePerSiteCacheStored() throws Exception {
		onlyTheAllowedUserGetsThePage("/site/admin", this.carol, this.bob);
	}

	@ParameterizedTest
	@CsvSource({ "/site/form, form, /cp/echo", "/site/form, meta, /cp/echo", "/site/form, script, /cp/echo",
			"/site/form, data, /cp/echo", "/site/form, url, /cp/echo",
			"/cookie-csrf/plain-form, form, /cookie-csrf/echo", "/cookie-csrf/plain-form, meta, /cookie-csrf/echo",
			"/cookie-csrf/plain-form, url, /cookie-csrf/echo" })
	void csrfTokensAreNeverStoredByThePerSiteCache(String path, String in, String echo) throws Exception {
		csrfTokensStayWithTheirUser(path + "?in=" + in, echo);
	}

	@Test
	void postAuthorizedSharedPageIsNeverStoredNorServedToAnotherUser() throws Exception {
		onlyTheAllowedUserGetsThePage("/site/post-authorized-report", this.carol, this.bob, false);
	}

	@Test
	void postAuthorizedPagesAreNeverStored() throws Exception {
		logIn(Login.FORM, this.alice, this.bob);
		long refusedBefore = refusals("checked-after-handler");
		for (Browser user : List.of(this.alice, this.bob, this.alice, this.bob)) {
			HttpResponse<String> response = user.get("/site/post-authorized");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("user=" + user.name() + " ");
			assertThat(isHit(response)).isFalse();
		}
		assertThat(refusals("checked-after-handler") - refusedBefore).isEqualTo(4);
		assertThat(getAsUncached(this.anonymous, "/site/post-authorized").body()).doesNotContain("user=");
	}

}
