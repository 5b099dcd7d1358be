package dev.cachette.web.security;

/**
 * {@link TwoUserPageCacheTests} on the real Redis server ({@link RedisBackend}).
 */
class RedisTwoUserPageCacheTests extends TwoUserPageCacheTests implements RedisBackend {

}
