package dev.cachette.cache.backend.locmem;

import java.util.HashMap;
import java.util.function.UnaryOperator;

import com.github.benmanes.caffeine.cache.Ticker;
import org.jspecify.annotations.Nullable;

import dev.cachette.cache.backend.CullingOptions;

/**
 * Follows Django's {@code LocMemCache} store: an {@code OrderedDict} kept in recency
 * order under one lock. {@code get}, {@code set}, {@code add} and {@code incr} move an
 * entry to the front, {@code has_key} and {@code touch} leave it; {@code _set} first
 * culls when the store holds {@code max-entries} entries or more, deleting the
 * {@code count / cull-frequency} least recently used ({@code popitem()}), or everything
 * with {@code cull-frequency} 0. Expired entries stay until read, written over or culled,
 * as in Django; a read that meets one deletes it.
 *
 * <p>
 * A hash map to nodes of a doubly linked list, rather than {@code LinkedHashMap} in
 * access order, because {@code hasKey} and {@code touch} must find an entry without
 * moving it. One lock rather than stripes: strict recency is one order over the whole
 * store. Values are serialized and deserialized outside the lock, as Django pickles
 * outside its.
 */
final class LruStore {

	private final HashMap<String, Node> nodes = new HashMap<>();

	/**
	 * Sentinel: {@code head.next} is the most recently used, {@code head.previous} the
	 * least.
	 */
	private final Node head = new Node("", new Entry(null, Entry.NEVER));

	private long evictions;

	LruStore() {
		this.head.next = this.head;
		this.head.previous = this.head;
	}

	/**
	 * The store as an alias sees it.
	 * @param culling the alias's {@code max-entries} and {@code cull-frequency}
	 * @param ticker the alias's clock
	 * @return the view
	 */
	LocalStore view(CullingOptions culling, Ticker ticker) {
		return new View(culling, ticker);
	}

	private synchronized @Nullable Entry get(String key, long now) {
		Node node = live(key, now);
		if (node == null) {
			return null;
		}
		moveToFront(node);
		return node.entry;
	}

	private synchronized @Nullable Entry peek(String key, long now) {
		Node node = live(key, now);
		return (node != null) ? node.entry : null;
	}

	private synchronized boolean contains(String key, long now) {
		return live(key, now) != null;
	}

	private synchronized void put(String key, Entry entry, CullingOptions culling) {
		set(key, entry, culling);
	}

	private synchronized boolean putIfAbsent(String key, Entry entry, CullingOptions culling, long now) {
		Node node = this.nodes.get(key);
		if (node != null && !node.hasExpired(now)) {
			return false;
		}
		set(key, entry, culling);
		return true;
	}

	private synchronized boolean touch(String key, long expiresAt, long now) {
		Node node = live(key, now);
		if (node == null) {
			return false;
		}
		node.entry = new Entry(node.entry.value(), expiresAt);
		return true;
	}

	private synchronized @Nullable Entry update(String key, UnaryOperator<Entry> update, long now) {
		Node node = live(key, now);
		if (node == null) {
			return null;
		}
		node.entry = update.apply(node.entry);
		moveToFront(node);
		return node.entry;
	}

	private synchronized boolean remove(String key, long now) {
		Node node = this.nodes.remove(key);
		if (node == null) {
			return false;
		}
		unlink(node);
		if (node.hasExpired(now)) {
			this.evictions++;
			return false;
		}
		return true;
	}

	private synchronized void clear() {
		this.nodes.clear();
		this.head.next = this.head;
		this.head.previous = this.head;
	}

	private synchronized long size() {
		return this.nodes.size();
	}

	private synchronized long evictionCount() {
		return this.evictions;
	}

	/** Django's {@code _set}: cull if full, then store as the most recently used. */
	private void set(String key, Entry entry, CullingOptions culling) {
		if (this.nodes.size() >= culling.maxEntries()) {
			cull(culling);
		}
		Node node = this.nodes.get(key);
		if (node != null) {
			node.entry = entry;
			moveToFront(node);
			return;
		}
		node = new Node(key, entry);
		this.nodes.put(key, node);
		linkFront(node);
	}

	/** Django's {@code _cull}: {@code popitem()} from the least recently used end. */
	private void cull(CullingOptions culling) {
		int doomed = culling.toCull(this.nodes.size());
		this.evictions += doomed;
		if (doomed == this.nodes.size()) {
			clear();
			return;
		}
		for (int i = 0; i < doomed; i++) {
			Node last = this.head.previous;
			unlink(last);
			this.nodes.remove(last.key);
		}
	}

	/** The entry unless absent; an expired one is deleted, as Django's reads do. */
	private @Nullable Node live(String key, long now) {
		Node node = this.nodes.get(key);
		if (node != null && node.hasExpired(now)) {
			this.nodes.remove(key);
			unlink(node);
			this.evictions++;
			return null;
		}
		return node;
	}

	private void moveToFront(Node node) {
		if (this.head.next != node) {
			unlink(node);
			linkFront(node);
		}
	}

	private void linkFront(Node node) {
		node.previous = this.head;
		node.next = this.head.next;
		this.head.next.previous = node;
		this.head.next = node;
	}

	private static void unlink(Node node) {
		node.previous.next = node.next;
		node.next.previous = node.previous;
	}

	/** One entry and its place in the recency order; guarded by the store's lock. */
	private static final class Node {

		private final String key;

		private Entry entry;

		private Node previous;

		private Node next;

		Node(String key, Entry entry) {
			this.key = key;
			this.entry = entry;
			this.previous = this;
			this.next = this;
		}

		/** Django's {@code _has_expired}: the expiry is at or before now. */
		boolean hasExpired(long now) {
			return this.entry.expiresAt() != Entry.NEVER && this.entry.expiresAt() <= now;
		}

	}

	/** The store with one alias's culling options and clock. */
	private final class View implements LocalStore {

		private final CullingOptions culling;

		private final Ticker ticker;

		View(CullingOptions culling, Ticker ticker) {
			this.culling = culling;
			this.ticker = ticker;
		}

		@Override
		public @Nullable Entry get(String key) {
			return LruStore.this.get(key, this.ticker.read());
		}

		@Override
		public @Nullable Entry peek(String key) {
			return LruStore.this.peek(key, this.ticker.read());
		}

		@Override
		public boolean contains(String key) {
			return LruStore.this.contains(key, this.ticker.read());
		}

		@Override
		public void put(String key, Entry entry) {
			LruStore.this.put(key, entry, this.culling);
		}

		@Override
		public boolean putIfAbsent(String key, Entry entry) {
			return LruStore.this.putIfAbsent(key, entry, this.culling, this.ticker.read());
		}

		@Override
		public boolean touch(String key, long expiresAt) {
			return LruStore.this.touch(key, expiresAt, this.ticker.read());
		}

		@Override
		public @Nullable Entry update(String key, UnaryOperator<Entry> update) {
			return LruStore.this.update(key, update, this.ticker.read());
		}

		@Override
		public boolean remove(String key) {
			return LruStore.this.remove(key, this.ticker.read());
		}

		@Override
		public void clear() {
			LruStore.this.clear();
		}

		@Override
		public long size() {
			return LruStore.this.size();
		}

		@Override
		public long evictions() {
			return LruStore.this.evictionCount();
		}

	}

}
