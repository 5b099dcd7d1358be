package dev.cachette.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Cachette's demo: a small news site whose pages, fragments and queries are cached the
 * way a Django site caches them. Runs on embedded defaults (H2, local memory):
 * {@code ./mvnw -pl demo-app -am spring-boot:run}, then open http://localhost:8080/.
 *
 * @author Cachette contributors
 */
@SpringBootApplication
public class DemoApplication {

	public static void main(String[] args) {
		SpringApplication.run(DemoApplication.class, args);
	}

}
