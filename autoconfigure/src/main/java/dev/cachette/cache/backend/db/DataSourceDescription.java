package dev.cachette.cache.backend.db;

import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanWrapperImpl;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Names a data source in error messages: its JDBC URL with any password masked, read from
 * the pool's own property ({@code jdbcUrl} on HikariCP, {@code url} on most others) so
 * that describing a database that is down needs no connection.
 */
final class DataSourceDescription {

	private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)((?:password|pwd)=)[^&;]*");

	private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/:@]*:)[^/@]*@");

	private DataSourceDescription() {
	}

	/**
	 * Describes a data source.
	 * @param dataSource the data source
	 * @param beanName the bean it was configured by, or {@code null}
	 * @return for example {@code data source 'replica' (jdbc:postgresql://db:5432/app)}
	 */
	static String of(DataSource dataSource, @Nullable String beanName) {
		String url = url(dataSource);
		String what = (beanName != null) ? "data source '" + beanName + "'" : "data source";
		return (url != null) ? what + " (" + maskPassword(url) + ")"
				: what + " (" + dataSource.getClass().getName() + ")";
	}

	/**
	 * Replaces passwords in a JDBC URL ({@code password=...} parameters and
	 * {@code user:password@}) with {@code ****}.
	 * @param url the URL
	 * @return the URL without secrets
	 */
	static String maskPassword(String url) {
		String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1****");
		return USER_INFO_PASSWORD.matcher(masked).replaceAll("$1****@");
	}

	private static @Nullable String url(DataSource dataSource) {
		if (dataSource instanceof DelegatingDataSource delegating && delegating.getTargetDataSource() != null) {
			return url(delegating.getTargetDataSource());
		}
		BeanWrapperImpl wrapper = new BeanWrapperImpl(dataSource);
		for (String property : new String[] { "jdbcUrl", "url", "URL" }) {
			try {
				if (wrapper.isReadableProperty(property)) {
					Object value = wrapper.getPropertyValue(property);
					if (value instanceof String url && !url.isBlank()) {
						return url;
					}
				}
			}
			catch (RuntimeException ex) {
				// A getter that fails tells us nothing; try the next one.
			}
		}
		return null;
	}

}
