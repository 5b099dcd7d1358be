package dev.cachette.demo;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The articles table, through Spring JDBC. Counts its queries so that the page (and the
 * tests) can show how often the cache let the database rest.
 *
 * @author Cachette contributors
 */
@Repository
public class ArticleRepository {

	private final JdbcTemplate jdbcTemplate;

	private final AtomicLong queries = new AtomicLong();

	ArticleRepository(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	/**
	 * Return the newest articles, newest first.
	 * @param limit the maximum number of articles
	 * @return the articles
	 */
	public List<Article> findLatest(int limit) {
		this.queries.incrementAndGet();
		return this.jdbcTemplate.query("SELECT id, slug, title, author FROM article ORDER BY id DESC LIMIT ?",
				(rs, rowNum) -> new Article(rs.getLong("id"), rs.getString("slug"), rs.getString("title"),
						rs.getString("author")),
				limit);
	}

	/**
	 * Store a new article.
	 * @param slug the URL-safe name
	 * @param title the headline
	 * @param author the byline
	 */
	public void insert(String slug, String title, String author) {
		this.jdbcTemplate.update("INSERT INTO article (slug, title, author) VALUES (?, ?, ?)", slug, title, author);
	}

	/**
	 * Return how many times {@link #findLatest(int)} has queried the database.
	 * @return the number of queries since startup
	 */
	public long queryCount() {
		return this.queries.get();
	}

}
