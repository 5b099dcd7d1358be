package dev.cachette.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The settings of one alias under {@code caches.<alias>}, Django's {@code CACHES[alias]}.
 * Django's upper-case keys ({@code BACKEND}, {@code LOCATION}, {@code TIMEOUT},
 * {@code KEY_PREFIX}, {@code VERSION}, {@code KEY_FUNCTION}, {@code OPTIONS}) bind to the
 * same properties.
 */
public class CacheAliasProperties {

	/**
	 * Backend: locmem, redis, memcached, database, filebased, dummy, a Django backend
	 * path (django.core.cache.backends.locmem.LocMemCache, ...) or the name of a class
	 * with a public constructor taking CacheSettings.
	 */
	private String backend = "locmem";

	/**
	 * Where the backend keeps its data: the locmem store name, a Redis URL, memcached
	 * servers, a table name or a directory. A list for replicas or several servers.
	 */
	private List<String> location = new ArrayList<>();

	/**
	 * Default timeout: seconds (300 when unset), "none" to never expire, 0 to not store,
	 * or a duration such as 5m.
	 */
	private @Nullable String timeout;

	/**
	 * Prefix of every stored key, so aliases or sites can share a server.
	 */
	private String keyPrefix = "";

	/**
	 * Default version of every key.
	 */
	private int version = 1;

	/**
	 * Key function: the name of a KeyFunction bean or class. Default makes
	 * "key-prefix:version:key".
	 */
	private @Nullable String keyFunction;

	/**
	 * Backend options (max-entries, cull-frequency, by-reference for locmem,
	 * max-entry-size for filebased: the largest file read, 64 MiB), and the common ones:
	 * serializer (java, json, a bean or class name), allowed-classes (the serializer's
	 * allow-list additions), key-warnings (false silences key portability warnings),
	 * strict (true: every server failure throws CacheUnavailableException; by default
	 * reads miss, writes report false and only incr, add and a leased lock throw),
	 * circuit-breaker (enabled, failure-threshold 5, window 10s, backoff-initial 500ms,
	 * backoff-max 2s: after that many failures in the window calls skip the server for a
	 * growing back-off), ignore-exceptions (deprecated: true also makes add and lock fail
	 * open, false is strict), statistics (false stops counting hits, misses, puts and
	 * removals for metrics), single-flight (true: concurrent getOrSet misses of a key run
	 * the supplier once), lock-timeout (5s: how long they wait for it), lease (a
	 * distributed lease so one instance of all those sharing the store computes a missing
	 * key: 5s by default on redis, memcached, database and filebased, off on locmem and
	 * dummy; off opts out), timeout-jitter (10% spreads each stored timeout by up to 10%
	 * either way), and for network backends connect-timeout (1s), operation-timeout
	 * (50ms, database 100ms: the deadline of a call made while serving a request) and
	 * background-timeout (2s: warming, background refresh, createcachetable).
	 */
	private Map<String, Object> options = new LinkedHashMap<>();

	public String getBackend() {
		return this.backend;
	}

	public void setBackend(String backend) {
		this.backend = backend;
	}

	public List<String> getLocation() {
		return this.location;
	}

	public void setLocation(List<String> location) {
		this.location = location;
	}

	public @Nullable String getTimeout() {
		return this.timeout;
	}

	public void setTimeout(@Nullable String timeout) {
		this.timeout = timeout;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public int getVersion() {
		return this.version;
	}

	public void setVersion(int version) {
		this.version = version;
	}

	public @Nullable String getKeyFunction() {
		return this.keyFunction;
	}

	public void setKeyFunction(@Nullable String keyFunction) {
		this.keyFunction = keyFunction;
	}

	public Map<String, Object> getOptions() {
		return this.options;
	}

	public void setOptions(Map<String, Object> options) {
		this.options = options;
	}

}
