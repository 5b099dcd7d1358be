package dev.cachette.demo;

import java.io.Serializable;

/**
 * One article of the demo site. A record of JDK types, so Cachette's serializer accepts
 * it without widening the allow-list, and Jackson writes it as JSON for the API.
 *
 * @param id the primary key
 * @param slug the URL-safe name
 * @param title the headline
 * @param author the byline (also a demo user name)
 * @param category the section of the site
 * @param body the text
 * @param views how often it was read, which makes it popular
 * @author Cachette contributors
 */
public record Article(long id, String slug, String title, String author, String category, String body,
		int views) implements Serializable {

}
