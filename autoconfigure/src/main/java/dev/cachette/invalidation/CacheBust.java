package dev.cachette.invalidation;

import java.util.List;

/**
 * One bust, fully worked out when the change happened and run once it is committed: the
 * keys of one alias, the fragment keys of another, and absolute page URLs.
 *
 * @param rule the rule's description, for the log
 * @param alias the alias of {@code keys}
 * @param keys the keys to delete
 * @param fragmentAlias the alias of {@code fragmentKeys}
 * @param fragmentKeys the fragment keys to delete
 * @param pageUrls the absolute page URLs to invalidate
 * @param namespaces the namespaces of {@code alias} to bump
 */
record CacheBust(String rule, String alias, List<String> keys, String fragmentAlias, List<String> fragmentKeys,
		List<String> pageUrls, List<String> namespaces) {

}
