package dev.cachette.demo;

import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes articles. Each saved article is published as an application event, Django's
 * {@code post_save} signal: the {@code CacheBustRule} in {@link ArticleCaching} reacts to
 * it once the transaction has committed.
 *
 * @author Cachette contributors
 */
@Service
public class ArticleService {

	private final ArticleRepository repository;

	private final ApplicationEventPublisher events;

	ArticleService(ArticleRepository repository, ApplicationEventPublisher events) {
		this.repository = repository;
		this.events = events;
	}

	/**
	 * Change an article's title and text, then announce it.
	 * @param slug the article
	 * @param title the new title
	 * @param body the new text
	 * @return the saved article, or empty if there is none with that slug
	 */
	@Transactional
	public Optional<Article> update(String slug, String title, String body) {
		if (!this.repository.update(slug, title, body)) {
			return Optional.empty();
		}
		Optional<Article> saved = this.repository.findBySlug(slug);
		saved.ifPresent(this.events::publishEvent);
		return saved;
	}

}
