/**
 * The Redis backend on Spring Data Redis and Lettuce: Django's {@code RedisCache}.
 *
 * <p>
 * The package is about three times the size of Django's {@code redis.py}, which leaves
 * URL parsing, pooling and timeouts to redis-py and has no Cluster or Sentinel. Here
 * {@code RedisLocation} parses the URLs (with masked passwords), {@code RedisServers}
 * chooses the topology (replicas by Django's rule, Cluster, Sentinel, or the
 * application's factory), {@code LettuceClients} gives every call a deadline,
 * {@code RedisScript} holds the three Lua scripts that make {@code incr}, {@code touch}
 * and {@code setMany} single atomic commands, and {@code RedisCache} maps the primitives
 * onto commands and tells an unreachable server from an error reply.
 *
 * <p>
 * Depends on {@code dev.cachette.cache.backend} and the packages beneath it, never on
 * another backend.
 */
@NullMarked
package dev.cachette.cache.backend.redis;

import org.jspecify.annotations.NullMarked;
