package dev.cachette.web.security;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link TwoUserSiteCacheTests} on local memory.
 */
@TestPropertySource(properties = { "caches.default.backend=locmem", "caches.default.location=two-user-SiteCache" })
class LocMemTwoUserSiteCacheTests extends TwoUserSiteCacheTests {

}
