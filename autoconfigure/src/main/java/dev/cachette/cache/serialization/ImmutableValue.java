package dev.cachette.cache.serialization;

/**
 * Marks a class whose instances never change after construction, so a by-value local
 * cache may keep them as they are instead of storing a serialized copy (locmem already
 * recognises immutable JDK types, {@code List.of}-style collections and records of those
 * on its own). Implement it only when no code path can change an instance or anything it
 * holds: a {@code byte[]} that is never written after construction qualifies, a list the
 * creator keeps a reference to does not. The allow-list still applies to the class. The
 * page cache's stored pages are such values.
 */
public interface ImmutableValue {

}
