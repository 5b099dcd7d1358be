package dev.cachette.web;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.IdentityHashMap;
import java.util.Map;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Records, for each {@code GET} and {@code HEAD} request, what serving it read about the
 * user ({@link UserAccess}): the HTTP session, the container's principal and Spring
 * Security's CSRF token. Registered beneath Spring Session's filter (so the session it
 * sees is the application's) and above Spring Security's chain (so the security context
 * that chain loads from the session, and the token its {@code CsrfFilter} hands out, pass
 * through it). Spring Security stays optional: a CSRF token is recognised by its
 * interface name and observed through a JDK proxy.
 */
final class UserAccessFilter implements Filter {

	private static final String CSRF_TOKEN = "org.springframework.security.web.csrf.CsrfToken";

	private static final String DEFERRED_CSRF_TOKEN = "org.springframework.security.web.csrf.DeferredCsrfToken";

	private static final ClassValue<Boolean> CSRF_TYPES = new ClassValue<>() {

		@Override
		protected Boolean computeValue(Class<?> type) {
			for (Class<?> implemented : ClassUtils.getAllInterfacesForClassAsSet(type)) {
				String name = implemented.getName();
				if (name.equals(CSRF_TOKEN) || name.equals(DEFERRED_CSRF_TOKEN)) {
					return true;
				}
			}
			return false;
		}

	};

	/**
	 * Wraps a {@code GET} or {@code HEAD} request once; a forward or an asynchronous
	 * dispatch of it passes through. A plain filter rather than a
	 * {@code OncePerRequestFilter}: this runs for every page request, hits included, and
	 * the record it keeps already tells whether it ran.
	 */
	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (request instanceof HttpServletRequest http && PageLookup.isCacheableMethod(http)
				&& UserAccess.of(http) == null) {
			chain.doFilter(new ObservedRequest(http, UserAccess.start(http)), response);
			return;
		}
		chain.doFilter(request, response);
	}

	/** A request that tells its {@link UserAccess} what is read of its user. */
	private static final class ObservedRequest extends HttpServletRequestWrapper {

		private final UserAccess access;

		/**
		 * One proxy per token object, so a token keeps its identity; made at the first.
		 */
		private @Nullable Map<Object, Object> observedTokens;

		ObservedRequest(HttpServletRequest request, UserAccess access) {
			super(request);
			this.access = access;
		}

		@Override
		public @Nullable HttpSession getSession(boolean create) {
			return found(super.getSession(create));
		}

		@Override
		public HttpSession getSession() {
			return found(super.getSession());
		}

		private <T> @Nullable T found(@Nullable T userState) {
			if (userState != null) {
				this.access.userRead();
			}
			else {
				this.access.userProbed();
			}
			return userState;
		}

		@Override
		public @Nullable String getRequestedSessionId() {
			return found(super.getRequestedSessionId());
		}

		@Override
		public @Nullable Principal getUserPrincipal() {
			return found(super.getUserPrincipal());
		}

		@Override
		public @Nullable String getRemoteUser() {
			return found(super.getRemoteUser());
		}

		@Override
		public @Nullable String getAuthType() {
			return found(super.getAuthType());
		}

		@Override
		public boolean isUserInRole(String role) {
			found(super.getUserPrincipal());
			return super.isUserInRole(role);
		}

		@Override
		public @Nullable Object getAttribute(String name) {
			Object value = super.getAttribute(name);
			if (value == null || !CSRF_TYPES.get(value.getClass())) {
				return value;
			}
			if (this.observedTokens == null) {
				this.observedTokens = new IdentityHashMap<>(2);
			}
			return this.observedTokens.computeIfAbsent(value, (token) -> observe(token, this.access));
		}

	}

	/**
	 * Wraps a CSRF token (or Spring Security's deferred one) so that reading its value is
	 * recorded; a deferred token's {@code get()} returns an observed token too.
	 */
	private static Object observe(Object token, UserAccess access) {
		InvocationHandler handler = (proxy, method, arguments) -> {
			Object result = invoke(token, method, arguments);
			if (method.getName().equals("getToken") && method.getParameterCount() == 0) {
				access.csrfTokenRead(result);
			}
			else if (method.getName().equals("get") && method.getParameterCount() == 0 && result != null
					&& CSRF_TYPES.get(result.getClass())) {
				return observe(result, access);
			}
			return result;
		};
		return Proxy.newProxyInstance(token.getClass().getClassLoader(),
				ClassUtils.getAllInterfacesForClass(token.getClass()), handler);
	}

	private static @Nullable Object invoke(Object target, Method method, @Nullable Object[] arguments)
			throws Throwable {
		try {
			return method.invoke(target, arguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

}
