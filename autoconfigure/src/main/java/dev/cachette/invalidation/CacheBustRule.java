package dev.cachette.invalidation;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * What to delete when an entity of one type is saved or deleted: keys of one alias,
 * template fragments and pages. Immutable; each method returns a new rule, so a rule can
 * be declared as a bean in one expression ({@link CacheBusts#on}).
 *
 * @param <T> the entity or event payload type
 */
public final class CacheBustRule<T> {

	private final Class<T> type;

	private final Function<? super T, ? extends Collection<String>> keys;

	private final Function<? super T, ? extends Collection<FragmentKey>> fragments;

	private final Function<? super T, ? extends Collection<String>> pages;

	private final Function<? super T, ? extends Collection<String>> namespaces;

	private final String alias;

	private final @Nullable String fragmentAlias;

	CacheBustRule(Class<T> type) {
		this(type, (entity) -> List.of(), (entity) -> List.of(), (entity) -> List.of(), (entity) -> List.of(),
				"default", null);
	}

	private CacheBustRule(Class<T> type, Function<? super T, ? extends Collection<String>> keys,
			Function<? super T, ? extends Collection<FragmentKey>> fragments,
			Function<? super T, ? extends Collection<String>> pages,
			Function<? super T, ? extends Collection<String>> namespaces, String alias,
			@Nullable String fragmentAlias) {
		this.type = type;
		this.keys = keys;
		this.fragments = fragments;
		this.pages = pages;
		this.namespaces = namespaces;
		this.alias = alias;
		this.fragmentAlias = fragmentAlias;
	}

	/**
	 * Keys of the rule's alias ({@link #alias(String)}) to delete.
	 * @param keys the keys for an entity
	 * @return the new rule
	 */
	public CacheBustRule<T> keys(Function<? super T, ? extends Collection<String>> keys) {
		return new CacheBustRule<>(this.type, keys, this.fragments, this.pages, this.namespaces, this.alias,
				this.fragmentAlias);
	}

	/**
	 * Template fragments to delete ({@link CacheBusts#fragment}).
	 * @param fragments the fragments for an entity
	 * @return the new rule
	 */
	public CacheBustRule<T> fragments(Function<? super T, ? extends Collection<FragmentKey>> fragments) {
		return new CacheBustRule<>(this.type, this.keys, fragments, this.pages, this.namespaces, this.alias,
				this.fragmentAlias);
	}

	/**
	 * Pages to delete from every page cache, every variant of each: absolute URLs, or
	 * paths such as {@code /articles/x} that are resolved against the base URL of the
	 * request that made the change and the configured
	 * {@code cachette.invalidation.base-urls}.
	 * @param pages the URLs or paths for an entity
	 * @return the new rule
	 */
	public CacheBustRule<T> pages(Function<? super T, ? extends Collection<String>> pages) {
		return new CacheBustRule<>(this.type, this.keys, this.fragments, pages, this.namespaces, this.alias,
				this.fragmentAlias);
	}

	/**
	 * {@link CacheNamespace}s of the rule's alias to bump, invalidating every key in them
	 * without enumerating them (a listing per category, say).
	 * @param namespaces the namespace names for an entity
	 * @return the new rule
	 */
	public CacheBustRule<T> namespaces(Function<? super T, ? extends Collection<String>> namespaces) {
		return new CacheBustRule<>(this.type, this.keys, this.fragments, this.pages, namespaces, this.alias,
				this.fragmentAlias);
	}

	/**
	 * The alias whose keys {@link #keys} names ({@code default} unless set).
	 * @param alias the alias
	 * @return the new rule
	 */
	public CacheBustRule<T> alias(String alias) {
		return new CacheBustRule<>(this.type, this.keys, this.fragments, this.pages, this.namespaces, alias,
				this.fragmentAlias);
	}

	/**
	 * The alias fragments are stored in; unless set, {@code template_fragments} when it
	 * is configured and {@code default} otherwise, as the Thymeleaf dialect chooses.
	 * @param fragmentAlias the alias
	 * @return the new rule
	 */
	public CacheBustRule<T> fragmentAlias(String fragmentAlias) {
		return new CacheBustRule<>(this.type, this.keys, this.fragments, this.pages, this.namespaces, this.alias,
				fragmentAlias);
	}

	/**
	 * The type this rule reacts to.
	 * @return the type
	 */
	Class<T> type() {
		return this.type;
	}

	/**
	 * The alias of {@link #keys}.
	 * @return the alias
	 */
	String alias() {
		return this.alias;
	}

	/**
	 * The alias of {@link #fragments}, or {@code null} for the dialect's choice.
	 * @return the alias
	 */
	@Nullable String fragmentAlias() {
		return this.fragmentAlias;
	}

	/**
	 * Works out what to delete for one changed object, if it is of this rule's type.
	 * @param changed the entity or event payload
	 * @return what to delete, or {@code null} when the rule does not apply
	 */
	@Nullable Targets targetsFor(Object changed) {
		if (!this.type.isInstance(changed)) {
			return null;
		}
		T entity = this.type.cast(changed);
		return new Targets(List.copyOf(this.keys.apply(entity)), List.copyOf(this.fragments.apply(entity)),
				List.copyOf(this.pages.apply(entity)), List.copyOf(this.namespaces.apply(entity)));
	}

	/**
	 * What one bust deletes, worked out when the change happened.
	 *
	 * @param keys the keys of the rule's alias
	 * @param fragments the fragments
	 * @param pages the page URLs or paths
	 * @param namespaces the namespaces to bump
	 */
	record Targets(List<String> keys, List<FragmentKey> fragments, List<String> pages, List<String> namespaces) {

	}

	@Override
	public String toString() {
		return "CacheBustRule[" + this.type.getName() + "]";
	}

}
