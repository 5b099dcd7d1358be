package dev.cachette.cache.backend;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.cachette.cache.revalidation.RevalidationStore;
import dev.cachette.cache.settings.CacheSettings;

/**
 * What the stampede protection and the revalidation flow read and write for one
 * {@link CacheOperations}: its entries under its made keys, envelopes left wrapped,
 * through the alias's {@link GuardedStore}, whose failure rule each call keeps (the
 * contracts are {@link RevalidationStore}'s). A version view's shares its alias's
 * single-flight and lease; only the version of its keys differs.
 */
final class BackendRevalidationStore extends RevalidationStore {

	private final CacheOperations operations;

	/** The alias's own, with its stampede protection. */
	BackendRevalidationStore(CacheOperations operations, CacheSettings settings, boolean sharedStore) {
		super(settings, sharedStore);
		this.operations = operations;
	}

	/** A version view's, sharing the alias's stampede protection. */
	BackendRevalidationStore(CacheOperations operations, BackendRevalidationStore alias) {
		super(alias);
		this.operations = operations;
	}

	@Override
	protected String storedKey(String key) {
		return this.operations.makeAndValidateKey(key);
	}

	@Override
	protected @Nullable Object read(String storedKey) {
		return this.operations.read(storedKey);
	}

	@Override
	protected void set(String storedKey, @Nullable Object value, @Nullable Duration timeout) {
		this.operations.setMade(storedKey, value, timeout);
	}

	@Override
	protected boolean add(String storedKey, @Nullable Object value, Duration timeout) {
		return this.operations.addMade(storedKey, value, timeout, true);
	}

	@Override
	protected boolean write(String storedKey, @Nullable Object value, Duration timeout) {
		return this.operations.write(storedKey, value, timeout);
	}

	@Override
	protected boolean takeLease(String leaseKey, String token, Duration duration) {
		return this.operations.store().takeLease(leaseKey, token, duration);
	}

	@Override
	protected boolean takeLeaseOrThrow(String leaseKey, String token, Duration duration) {
		return this.operations.store().takeLeaseOrThrow(leaseKey, token, duration);
	}

	@Override
	protected void giveBackLease(String leaseKey, String token) {
		this.operations.store().giveBackLease(leaseKey, token);
	}

	@Override
	protected boolean leaseHeld(String leaseKey) {
		return this.operations.store().leaseHeld(leaseKey);
	}

	@Override
	protected boolean hasCircuitBreaker() {
		return this.operations.circuitBreaker() != null;
	}

	@Override
	protected boolean circuitOpen() {
		return this.operations.circuit().open();
	}

}
