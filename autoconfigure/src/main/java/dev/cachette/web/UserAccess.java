package dev.cachette.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.ServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * What serving one request read about its user, so the page cache never shares a page
 * that depends on who asked. Django learns the same from its middleware: the session
 * middleware adds {@code Vary: Cookie} once {@code request.session} is accessed (and so
 * once {@code request.user} is), and the CSRF middleware once a token is used.
 * {@link UserAccessFilter} records it from the request, beneath Spring Security and above
 * Spring Session, so every read of a session attribute, of the principal or of the CSRF
 * token passes through it.
 */
final class UserAccess {

	private static final String ATTRIBUTE = UserAccess.class.getName();

	private boolean readUser;

	private boolean probedUser;

	private boolean authenticated;

	private List<String> csrfTokens = List.of();

	private int suspended;

	/**
	 * Set between the last filter and the handler: Spring MVC's flash-map bookkeeping
	 * looks for the session of every request there, which is not the page reading it.
	 */
	private boolean dispatching;

	static @Nullable UserAccess of(ServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof UserAccess access) ? access : null;
	}

	static UserAccess start(ServletRequest request) {
		UserAccess access = new UserAccess();
		request.setAttribute(ATTRIBUTE, access);
		return access;
	}

	/** Marks the request entering Spring MVC, before its handler is chosen. */
	void dispatching() {
		this.dispatching = true;
	}

	/** Marks the request's handler starting: reads count again. */
	void handling() {
		this.dispatching = false;
	}

	private boolean observing() {
		return this.suspended == 0 && !this.dispatching;
	}

	/**
	 * Records a session found, a session created or a container principal read: the
	 * response depends on who asked.
	 */
	void userRead() {
		if (observing()) {
			this.readUser = true;
		}
	}

	/**
	 * Records a look for a session or a principal that found none: the response is what
	 * an anonymous visitor sees, and only such a visitor may be served it.
	 */
	void userProbed() {
		if (observing()) {
			this.probedUser = true;
		}
	}

	/** Records a CSRF token the response may hold. */
	void csrfTokenRead(@Nullable Object token) {
		if (this.suspended == 0) {
			if (this.csrfTokens.isEmpty()) {
				this.csrfTokens = new ArrayList<>(1);
			}
			this.csrfTokens.add((token instanceof String value) ? value : "");
		}
	}

	/** Records that the request was authenticated when its handler finished. */
	void authenticated() {
		this.authenticated = true;
	}

	/**
	 * Runs the page cache's own look at a request without recording it as a read.
	 * @param request the request
	 * @param look what the page cache reads
	 * @return what it read
	 */
	static <T> T unobserved(ServletRequest request, java.util.function.Supplier<T> look) {
		UserAccess access = of(request);
		return (access != null) ? access.unobserved(look) : look.get();
	}

	/** Runs the page cache's own look at the request without recording it. */
	<T> T unobserved(java.util.function.Supplier<T> look) {
		this.suspended++;
		try {
			return look.get();
		}
		finally {
			this.suspended--;
		}
	}

	/** Whether the response depends on the requesting user: it must vary on Cookie. */
	boolean dependsOnUser() {
		return this.readUser || this.authenticated;
	}

	/** Whether the response is what an anonymous visitor sees, having looked. */
	boolean probedUser() {
		return this.probedUser;
	}

	boolean readCsrfToken() {
		return !this.csrfTokens.isEmpty();
	}

	/** The CSRF token values handed out while serving, to look for in the body. */
	List<String> csrfTokens() {
		return this.csrfTokens;
	}

}
