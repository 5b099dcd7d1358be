package dev.cachette.cache.backend.db;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Error messages name the database without ever showing its password. */
class DataSourceDescriptionTests {

	@Test
	void maskPassword_hidesPasswordParametersAndUserInfo() {
		assertThat(
				DataSourceDescription.maskPassword("jdbc:postgresql://db:5432/app?user=app&password=s3cret&ssl=true"))
			.isEqualTo("jdbc:postgresql://db:5432/app?user=app&password=****&ssl=true");
		assertThat(DataSourceDescription.maskPassword("jdbc:mysql://app:s3cret@db:3306/app"))
			.isEqualTo("jdbc:mysql://app:****@db:3306/app");
		assertThat(DataSourceDescription.maskPassword("jdbc:h2:tcp://db/app;USER=sa;PASSWORD=s3cret;MODE=MySQL"))
			.isEqualTo("jdbc:h2:tcp://db/app;USER=sa;PASSWORD=****;MODE=MySQL");
		assertThat(DataSourceDescription.maskPassword("jdbc:sqlserver://db;user=sa;pwd=s3cret"))
			.isEqualTo("jdbc:sqlserver://db;user=sa;pwd=****");
		assertThat(DataSourceDescription.maskPassword("jdbc:postgresql://db:5432/app"))
			.isEqualTo("jdbc:postgresql://db:5432/app");
	}

	@Test
	void of_readsTheUrlFromThePoolWithoutConnecting() {
		try (HikariDataSource hikari = new HikariDataSource()) {
			hikari.setJdbcUrl("jdbc:postgresql://db:5432/app?password=s3cret");
			assertThat(DataSourceDescription.of(hikari, "primary"))
				.isEqualTo("data source 'primary' (jdbc:postgresql://db:5432/app?password=****)");
		}
		assertThat(DataSourceDescription.of(new CountingDataSource(new DriverManagerDataSource("jdbc:h2:mem:x")), null))
			.isEqualTo("data source (jdbc:h2:mem:x)");
	}

}
