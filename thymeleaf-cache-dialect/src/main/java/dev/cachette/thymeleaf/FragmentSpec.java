package dev.cachette.thymeleaf;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.thymeleaf.exceptions.TemplateProcessingException;

/**
 * What one cached fragment asks for, before anything is evaluated: the arguments of
 * Django's {@code {% cache timeout name vary_on... using=alias %}}, from either form of
 * the dialect. The timeout, vary-on values and alias are Thymeleaf expressions; the name
 * is a literal, as Django's {@code do_cache} takes it ("fragment_name can't be a
 * variable").
 *
 * @param attribute how the template spelled the tag, for messages
 * ({@code cache:fragment}, {@code th:cache})
 * @param name the fragment name
 * @param timeout the timeout expression; {@code null} for the alias's default timeout
 * @param varyOn the vary-on expressions, in order
 * @param using the alias expression; {@code null} for {@code template_fragments} or
 * {@code default}
 */
record FragmentSpec(String attribute, String name, @Nullable String timeout, List<String> varyOn,
		@Nullable String using) {

	private static final Pattern USING = Pattern.compile("^using\\s*=\\s*(.+)$", Pattern.DOTALL);

	private static final Pattern EXPRESSION = Pattern.compile("^[$*#@~]\\{.*");

	/**
	 * Reads the attribute form:
	 * {@code cache:fragment="name" cache:timeout="..." cache:vary-on="a, b" cache:using="alias"}.
	 * @param attribute the main attribute as written
	 * @param name the fragment name
	 * @param timeout the timeout attribute, or {@code null}
	 * @param varyOn the vary-on attribute, or {@code null}
	 * @param using the using attribute, or {@code null}
	 * @return the spec
	 */
	static FragmentSpec ofAttributes(String attribute, String name, @Nullable String timeout, @Nullable String varyOn,
			@Nullable String using) {
		return new FragmentSpec(attribute, literalName(attribute, name), blankToNull(timeout),
				(varyOn != null) ? FragmentArguments.split(varyOn) : List.of(), blankToNull(using));
	}

	/**
	 * Reads the compact form, Django's argument order:
	 * {@code th:cache="timeout, name, vary-on..., using='alias'"}; the alias may also
	 * come from a separate attribute ({@code th:cache-using}).
	 * @param attribute the attribute as written
	 * @param value its value
	 * @param usingAttribute the separate alias attribute, or {@code null}
	 * @return the spec
	 * @throws TemplateProcessingException if fewer than two arguments are given, or the
	 * alias is given twice
	 */
	static FragmentSpec ofCompact(String attribute, String value, @Nullable String usingAttribute) {
		List<String> arguments = FragmentArguments.split(value);
		String using = blankToNull(usingAttribute);
		// Django's do_cache: a trailing using= is the alias, when there are more than two
		// other arguments before it.
		if (arguments.size() > 2) {
			Matcher matcher = USING.matcher(arguments.get(arguments.size() - 1));
			if (matcher.matches()) {
				if (using != null) {
					throw new TemplateProcessingException(
							"'" + attribute + "' names its cache twice, with using= and " + attribute + "-using");
				}
				using = matcher.group(1).trim();
				arguments = arguments.subList(0, arguments.size() - 1);
			}
		}
		if (arguments.size() < 2) {
			throw new TemplateProcessingException("'" + attribute
					+ "' needs at least a timeout and a fragment name, as {% cache timeout name %} does (was '" + value
					+ "')");
		}
		return new FragmentSpec(attribute, literalName(attribute, arguments.get(1)), arguments.get(0),
				List.copyOf(arguments.subList(2, arguments.size())), using);
	}

	private static String literalName(String attribute, String name) {
		String trimmed = name.trim();
		if (trimmed.length() >= 2 && trimmed.startsWith("'") && trimmed.endsWith("'")) {
			trimmed = trimmed.substring(1, trimmed.length() - 1);
		}
		if (trimmed.isEmpty() || EXPRESSION.matcher(trimmed).matches() || hasWhitespace(trimmed)) {
			throw new TemplateProcessingException("The fragment name of '" + attribute
					+ "' must be a literal without spaces, as in Django's {% cache %} (was '" + name + "')");
		}
		return trimmed;
	}

	private static boolean hasWhitespace(String text) {
		return text.chars().anyMatch(Character::isWhitespace);
	}

	private static @Nullable String blankToNull(@Nullable String text) {
		return (text == null || text.isBlank()) ? null : text.trim();
	}

	/**
	 * Tells whether a timeout argument is Django's {@code None} written as a literal.
	 * @param text the timeout argument
	 * @return whether it is {@code none}, in any case
	 */
	static boolean isNone(String text) {
		return text.trim().toLowerCase(Locale.ROOT).equals("none");
	}

}
