package dev.cachette.web.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.security.interfaces.RSAPublicKey;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.annotation.Order;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.method.AuthorizationManagerBeforeMethodInterceptor;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A small application behind real Spring Security, for the two-user suite: form login
 * (Spring Security's generated login page, session fixation protection on), HTTP Basic,
 * remember-me (token-based), CSRF with the session repository and, under
 * {@code /cookie-csrf/**}, the cookie repository; method security with
 * {@code @PreAuthorize}, {@code @Secured}, {@code @RolesAllowed} and a custom
 * {@link AuthorizationManagerBeforeMethodInterceptor} ({@link AliceOnly}); an application
 * {@link HandlerInterceptor} that denies bob the guarded pages ({@link DenyBob}); and a
 * bearer-token API under {@code /api/**} on Spring Security's OAuth2 resource server,
 * whose JWTs are RS256-signed by a key pair made at start-up ({@link #KEYS}, see
 * {@link BearerTokens}). The pages are in {@link SecuredPages}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableMethodSecurity(securedEnabled = true, jsr250Enabled = true)
@Import({ SecuredPages.CachePageController.class, SecuredPages.MethodSecurityController.class,
		SecuredPages.PlainController.class, SecuredPages.SiteMethodSecurityController.class,
		SecuredPages.ApiController.class })
class SecuredApplication {

	/** The key pair the test signs bearer tokens with and the API verifies them with. */
	static final KeyPair KEYS = rsaKeyPair();

	/** The users: two ordinary ones and an administrator. */
	static final String ALICE = "alice", BOB = "bob", CAROL = "carol";

	static String password(String user) {
		return user + "-password";
	}

	@Bean
	@Order(1)
	SecurityFilterChain api(HttpSecurity http) throws Exception {
		return http.securityMatcher("/api/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.oauth2ResourceServer((server) -> server.jwt(Customizer.withDefaults()))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain cookieCsrf(HttpSecurity http) throws Exception {
		return http.securityMatcher("/cookie-csrf/**")
			.authorizeHttpRequests((
					requests) -> requests.requestMatchers("/cookie-csrf/echo").authenticated().anyRequest().permitAll())
			.csrf((csrf) -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse()))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")))
			.build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain site(HttpSecurity http, UserDetailsService users) throws Exception {
		return http
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/cp/form", "/cp/shared", "/cp/shared-form", "/pattern/form", "/pattern-shared/form",
						"/site/form", "/site/admin", "/site/post-authorized-report", "/ms/**", "/error")
				.permitAll()
				.anyRequest()
				.authenticated())
			.formLogin((form) -> form.defaultSuccessUrl("/home", true))
			.httpBasic(Customizer.withDefaults())
			.rememberMe((rememberMe) -> rememberMe.key("two-user-suite").userDetailsService(users))
			.build();
	}

	@Bean
	UserDetailsService users() {
		return new InMemoryUserDetailsManager(
				User.withUsername(ALICE).password("{noop}" + password(ALICE)).roles("USER").build(),
				User.withUsername(BOB).password("{noop}" + password(BOB)).roles("USER").build(),
				User.withUsername(CAROL).password("{noop}" + password(CAROL)).roles("USER", "ADMIN").build());
	}

	@Bean
	JwtDecoder jwtDecoder() {
		return NimbusJwtDecoder.withPublicKey((RSAPublicKey) KEYS.getPublic()).build();
	}

	/**
	 * A custom access check as an advisor of its own: only alice may call a method
	 * annotated {@link AliceOnly}.
	 * @return the advisor
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static AuthorizationManagerBeforeMethodInterceptor aliceOnly() {
		return new AuthorizationManagerBeforeMethodInterceptor(
				AnnotationMatchingPointcut.forMethodAnnotation(AliceOnly.class), (authentication,
						invocation) -> new AuthorizationDecision(ALICE.equals(authentication.get().getName())));
	}

	@Bean
	WebMvcConfigurer denyBob() {
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(new DenyBob())
					.addPathPatterns("/site/guarded", "/site/shared-guarded", "/pattern/guarded",
							"/pattern-shared/guarded");
			}

		};
	}

	private static KeyPair rsaKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Marks a handler only alice may call ({@link #aliceOnly()}). */
	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@interface AliceOnly {

	}

	/** The application's own access check: bob may not see the guarded pages. */
	static final class DenyBob implements HandlerInterceptor {

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
				throws Exception {
			Principal principal = request.getUserPrincipal();
			if (principal != null && BOB.equals(principal.getName())) {
				response.sendError(HttpServletResponse.SC_FORBIDDEN, "denied by the application");
				return false;
			}
			return true;
		}

	}

}
