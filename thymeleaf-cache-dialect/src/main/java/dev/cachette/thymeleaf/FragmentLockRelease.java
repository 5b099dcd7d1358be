package dev.cachette.thymeleaf;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import dev.cachette.web.NonGuardingInterceptor;

/**
 * Releases, when a Spring MVC request completes, the fragment locks its rendering still
 * holds: a view whose template threw never reached the end where the dialect releases
 * them, and {@code afterCompletion} runs after a failed rendering too.
 */
final class FragmentLockRelease implements NonGuardingInterceptor {

	private final CacheDialect dialect;

	FragmentLockRelease(CacheDialect dialect) {
		this.dialect = dialect;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			@Nullable Exception ex) {
		this.dialect.releaseLocksOfCurrentThread();
	}

}
