package dev.cachette.web.security;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link TwoUserPageCacheTests} on local memory.
 */
@TestPropertySource(properties = { "caches.default.backend=locmem", "caches.default.location=two-user-PageCache" })
class LocMemTwoUserPageCacheTests extends TwoUserPageCacheTests {

}
