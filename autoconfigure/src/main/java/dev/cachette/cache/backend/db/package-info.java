/**
 * The database-table backend on Spring JDBC: Django's {@code DatabaseCache} and its
 * {@code createcachetable} command, on PostgreSQL, MariaDB/MySQL and H2.
 *
 * <p>
 * The package is larger than twice Django's two files because it does what Django leaves
 * to its ORM and database layer: per-database SQL ({@link SqlDialect}), identifier
 * parsing and quoting ({@link TableName}), connection routing, timeouts and failure
 * translation ({@link CacheDatabase}), and describing a data source without leaking its
 * password. {@link DatabaseCache} itself keeps to Django's {@code db.py}.
 *
 * <p>
 * Depends on {@code dev.cachette.cache.backend} and the packages beneath it, never on
 * another backend.
 */
@NullMarked
package dev.cachette.cache.backend.db;

import org.jspecify.annotations.NullMarked;
