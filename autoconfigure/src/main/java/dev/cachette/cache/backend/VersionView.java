package dev.cachette.cache.backend;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.resilience.CircuitBreaker;

/**
 * The view {@link BaseCache#withVersion} returns: the alias's cache at another version.
 * It is made of what the alias's cache is made of, shared (its {@link GuardedStore}, so
 * the same backend's primitives, its statistics, breaker and stampede protection); only
 * the version its keys are made with differs, so {@link BaseCache}'s semantics apply
 * unchanged. The primitives below exist because Java asks a {@link BaseCache} for them;
 * they are the backend's, for the lease calls that run on a cache's own primitives.
 */
final class VersionView extends BaseCache {

	private final BaseCache backend;

	VersionView(BaseCache backend, int version) {
		super(backend, version);
		this.backend = backend;
	}

	@Override
	public void validateKey(String key) {
		this.backend.validateKey(key);
	}

	@Override
	public Duration getBackendTimeout(Duration timeout) {
		return this.backend.getBackendTimeout(timeout);
	}

	@Override
	public void ping() {
		this.backend.ping();
	}

	@Override
	public List<CircuitBreaker> serverCircuitBreakers() {
		return this.backend.serverCircuitBreakers();
	}

	@Override
	public void close() {
		// A view owns nothing; the cache it views is closed by its owner.
	}

	@Override
	protected @Nullable Object getValue(String key) {
		return this.backend.getValue(key);
	}

	@Override
	protected void setValue(String key, @Nullable Object value, Duration timeout) {
		this.backend.setValue(key, value, timeout);
	}

	@Override
	protected boolean addValue(String key, @Nullable Object value, Duration timeout) {
		return this.backend.addValue(key, value, timeout);
	}

	@Override
	protected boolean touchValue(String key, Duration timeout) {
		return this.backend.touchValue(key, timeout);
	}

	@Override
	protected boolean deleteValue(String key) {
		return this.backend.deleteValue(key);
	}

	@Override
	protected @Nullable Long incrValue(String key, long delta) {
		return this.backend.incrValue(key, delta);
	}

	@Override
	protected void clearValues() {
		this.backend.clearValues();
	}

	@Override
	protected boolean hasValue(String key) {
		return this.backend.hasValue(key);
	}

	@Override
	protected boolean acquireLease(String leaseKey, String token, Duration duration) {
		return this.backend.acquireLease(leaseKey, token, duration);
	}

	@Override
	protected void releaseLease(String leaseKey, String token) {
		this.backend.releaseLease(leaseKey, token);
	}

}
