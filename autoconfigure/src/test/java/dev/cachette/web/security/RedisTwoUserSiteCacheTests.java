package dev.cachette.web.security;

/**
 * {@link TwoUserSiteCacheTests} on the real Redis server ({@link RedisBackend}).
 */
class RedisTwoUserSiteCacheTests extends TwoUserSiteCacheTests implements RedisBackend {

}
