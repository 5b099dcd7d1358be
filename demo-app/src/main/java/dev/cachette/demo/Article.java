package dev.cachette.demo;

import java.io.Serializable;

/**
 * One article of the demo site. A record of JDK types, so Cachette's serializer accepts
 * it without widening the allow-list.
 *
 * @param id the primary key
 * @param slug the URL-safe name
 * @param title the headline
 * @param author the byline
 * @author Cachette contributors
 */
public record Article(long id, String slug, String title, String author) implements Serializable {

}
