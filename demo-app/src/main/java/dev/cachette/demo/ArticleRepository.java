package dev.cachette.demo;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The articles table, through Spring JDBC. Counts its read queries so that the pages (and
 * the tests) can show how often the cache let the database rest.
 *
 * @author Cachette contributors
 */
@Repository
public class ArticleRepository {

	private static final String COLUMNS = "id, slug, title, author, category, body, views";

	private static final RowMapper<Article> ARTICLE = (rs, rowNum) -> new Article(rs.getLong("id"),
			rs.getString("slug"), rs.getString("title"), rs.getString("author"), rs.getString("category"),
			rs.getString("body"), rs.getInt("views"));

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
		return query("SELECT " + COLUMNS + " FROM article ORDER BY id DESC LIMIT ?", limit);
	}

	/**
	 * Return one page of the newest articles.
	 * @param limit the page size
	 * @param offset how many articles to skip
	 * @return the articles
	 */
	public List<Article> findLatest(int limit, int offset) {
		return query("SELECT " + COLUMNS + " FROM article ORDER BY id DESC LIMIT ? OFFSET ?", limit, offset);
	}

	/**
	 * Return an article.
	 * @param slug its slug
	 * @return the article, if there is one
	 */
	public Optional<Article> findBySlug(String slug) {
		return query("SELECT " + COLUMNS + " FROM article WHERE slug = ?", slug).stream().findFirst();
	}

	/**
	 * Return the newest articles of a category.
	 * @param category the category
	 * @param limit the maximum number of articles
	 * @return the articles
	 */
	public List<Article> findByCategory(String category, int limit) {
		return query("SELECT " + COLUMNS + " FROM article WHERE category = ? ORDER BY id DESC LIMIT ?", category,
				limit);
	}

	/**
	 * Return an author's most read articles.
	 * @param author the author
	 * @param limit the maximum number of articles
	 * @return the articles
	 */
	public List<Article> findByAuthor(String author, int limit) {
		return query("SELECT " + COLUMNS + " FROM article WHERE author = ? ORDER BY views DESC, id LIMIT ?", author,
				limit);
	}

	/**
	 * Return the most read article of each category, most read first: a correlated
	 * subquery over the whole table, the kind of query worth caching.
	 * @param limit the maximum number of articles
	 * @return the articles
	 */
	public List<Article> findPopular(int limit) {
		return query("SELECT " + COLUMNS + " FROM article a WHERE NOT EXISTS (SELECT 1 FROM article b "
				+ "WHERE b.category = a.category AND (b.views > a.views OR (b.views = a.views AND b.id < a.id))) "
				+ "ORDER BY views DESC, id LIMIT ?", limit);
	}

	/**
	 * Return the categories.
	 * @return the category names, sorted
	 */
	public List<String> categories() {
		this.queries.incrementAndGet();
		return this.jdbcTemplate.queryForList("SELECT DISTINCT category FROM article ORDER BY category", String.class);
	}

	/**
	 * Return an author's number of articles and their total views.
	 * @param author the author
	 * @return the article count and the views
	 */
	public long[] authorTotals(String author) {
		this.queries.incrementAndGet();
		return this.jdbcTemplate.queryForObject(
				"SELECT COUNT(*) AS articles, COALESCE(SUM(views), 0) AS views FROM article WHERE author = ?",
				(rs, rowNum) -> new long[] { rs.getLong("articles"), rs.getLong("views") }, author);
	}

	/**
	 * Store new articles.
	 * @param articles the articles (their ids are ignored)
	 */
	public void insertAll(List<Article> articles) {
		this.jdbcTemplate.batchUpdate(
				"INSERT INTO article (slug, title, author, category, body, views) VALUES (?, ?, ?, ?, ?, ?)", articles,
				500, (ps, article) -> {
					ps.setString(1, article.slug());
					ps.setString(2, article.title());
					ps.setString(3, article.author());
					ps.setString(4, article.category());
					ps.setString(5, article.body());
					ps.setInt(6, article.views());
				});
	}

	/**
	 * Change an article's title and text.
	 * @param slug the article
	 * @param title the new title
	 * @param body the new text
	 * @return whether the article exists
	 */
	public boolean update(String slug, String title, String body) {
		return this.jdbcTemplate.update("UPDATE article SET title = ?, body = ? WHERE slug = ?", title, body,
				slug) == 1;
	}

	/**
	 * Return how many read queries were sent to the database since startup.
	 * @return the number of queries
	 */
	public long queryCount() {
		return this.queries.get();
	}

	private List<Article> query(String sql, Object... arguments) {
		this.queries.incrementAndGet();
		return this.jdbcTemplate.query(sql, ARTICLE, arguments);
	}

}
