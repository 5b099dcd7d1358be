package dev.cachette.demo;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Starts a clock when a request arrives and exposes it to the templates as the request
 * attribute {@value #ATTRIBUTE}; a page reads it in its footer, after everything above
 * the footer has been rendered, so the number shown is the server's time for that
 * request.
 *
 * @author Cachette contributors
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestTimer extends OncePerRequestFilter {

	static final String ATTRIBUTE = "requestTimer";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		request.setAttribute(ATTRIBUTE, new Clock(System.nanoTime()));
		chain.doFilter(request, response);
	}

	/**
	 * The clock of one request.
	 *
	 * @param startNanos when the request arrived, from {@link System#nanoTime()}
	 */
	record Clock(long startNanos) {

		/**
		 * Return the time since the request arrived.
		 * @return the elapsed time in milliseconds, with two decimals
		 */
		public String elapsedMillis() {
			return String.format("%.2f", (System.nanoTime() - this.startNanos) / 1_000_000.0);
		}

	}

}
