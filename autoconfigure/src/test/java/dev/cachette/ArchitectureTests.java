package dev.cachette;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package layering of docs/architecture.md, checked on the compiled main classes
 * (every reference counts: a field, a call, a cast, a constant, not only an import): no
 * package cycles, and no arrow from a package to one in a higher layer or to a sibling in
 * its own. Also checks that every public top-level type of the module has Javadoc.
 */
class ArchitectureTests {

	/**
	 * The layers, lowest first. A package may use the packages of the layers beneath its
	 * own, never one of its own layer (the backends, for one, know nothing of each
	 * other).
	 */
	static final List<List<String>> LAYERS = List.of(List.of("dev.cachette.cache"),
			List.of("dev.cachette.cache.serialization"), List.of("dev.cachette.cache.settings"),
			List.of("dev.cachette.cache.resilience"), List.of("dev.cachette.cache.revalidation"),
			List.of("dev.cachette.cache.backend"),
			List.of("dev.cachette.cache.backend.locmem", "dev.cachette.cache.backend.redis",
					"dev.cachette.cache.backend.memcached", "dev.cachette.cache.backend.db",
					"dev.cachette.cache.backend.file", "dev.cachette.cache.backend.dummy"),
			List.of("dev.cachette.web"),
			List.of("dev.cachette.metrics", "dev.cachette.invalidation", "dev.cachette.springcache"),
			List.of("dev.cachette.actuate"), List.of("dev.cachette.autoconfigure"));

	private static JavaClasses classes;

	@BeforeAll
	static void importMainClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
			.importPackages("dev.cachette");
	}

	@Test
	void everyPackageHasALayer() {
		assertThat(classes).isNotEmpty();
		for (JavaClass type : classes) {
			assertThat(layer(type.getPackageName())).as(type.getName() + " is in a package of no layer")
				.isNotNegative();
		}
	}

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching("dev.cachette.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void noPackageUsesAHigherLayerOrASibling() {
		List<String> upward = new ArrayList<>();
		for (JavaClass type : classes) {
			String from = type.getPackageName();
			for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
				String to = dependency.getTargetClass().getPackageName();
				if (!to.startsWith("dev.cachette") || to.equals(from)) {
					continue;
				}
				if (layer(to) >= layer(from)) {
					upward.add(from + " -> " + to + ": " + dependency.getDescription());
				}
			}
		}
		assertThat(upward).as("arrows to a higher layer or a sibling").isEmpty();
	}

	@Test
	void everyPublicTypeHasJavadoc() throws IOException {
		Pattern declaration = Pattern.compile(
				"^public (?:(?:final|abstract|sealed|non-sealed|static) )*(?:class|interface|enum|record|@interface) ",
				Pattern.MULTILINE);
		List<String> undocumented = new ArrayList<>();
		try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				String source = Files.readString(file);
				Matcher matcher = declaration.matcher(source);
				if (matcher.find() && !documented(source.substring(0, matcher.start()))) {
					undocumented.add(file.toString());
				}
			}
		}
		assertThat(undocumented).isEmpty();
	}

	/**
	 * Whether the text before a declaration ends with a Javadoc comment, with nothing but
	 * annotations after it.
	 */
	private static boolean documented(String head) {
		int start = head.lastIndexOf("/**");
		int end = head.lastIndexOf("*/");
		return start >= 0 && end > start && !head.substring(end).contains(";");
	}

	private static int layer(String pkg) {
		for (int i = 0; i < LAYERS.size(); i++) {
			if (LAYERS.get(i).contains(pkg)) {
				return i;
			}
		}
		return -1;
	}

}
