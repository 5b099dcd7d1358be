package dev.cachette.demo;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The demo behind Spring Security (profile {@code secured}): every page stays public, and
 * HTTP Basic signs in the users {@code alice} and {@code bob} (password {@code demo}).
 * Nothing in the page cache is configured for it: Spring Security's headers stay on what
 * is not cached, and a page rendered for a signed-in user varies on that user. The page
 * benchmark uses it to measure hits for signed-in users. Passwords are {@code {noop}} so
 * that the benchmark measures the page cache, not a password hash.
 */
@Configuration(proxyBeanMethods = false)
@Profile("secured")
class SecuredDemo {

	@Bean
	SecurityFilterChain demoSecurity(HttpSecurity http) {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.httpBasic(Customizer.withDefaults())
			.build();
	}

	/**
	 * Passwords compared as written, for the demo and its benchmark only: with the
	 * default encoder Spring Security rehashes {@code {noop}} passwords with bcrypt at
	 * the first sign-in, and each HTTP Basic request then costs a bcrypt check (60 ms
	 * here).
	 * @return the demo's password encoder
	 */
	@Bean
	@SuppressWarnings("deprecation")
	PasswordEncoder demoPasswords() {
		return NoOpPasswordEncoder.getInstance();
	}

	@Bean
	UserDetailsService demoUsers() {
		return new InMemoryUserDetailsManager(User.withUsername("alice").password("demo").roles("USER").build(),
				User.withUsername("bob").password("demo").roles("USER").build());
	}

}
