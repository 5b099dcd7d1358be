package dev.cachette.thymeleaf;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * @param staleWhileRevalidate the stale-while-revalidate window expression, seconds;
 * {@code null} for none
 * @param staleIfError the stale-if-error window expression, seconds; {@code null} for
 * none
 */
record FragmentSpec(String attribute, String name, @Nullable String timeout, List<String> varyOn,
		@Nullable String using, @Nullable String staleWhileRevalidate, @Nullable String staleIfError) {

	/** The named arguments of the compact form, trailing Django's positional ones. */
	private static final Pattern NAMED = Pattern.compile("^(using|stale-while-revalidate|stale-if-error)\\s*=\\s*(.+)$",
			Pattern.DOTALL);

	private static final Pattern EXPRESSION = Pattern.compile("^[$*#@~]\\{.*");

	/**
	 * Reads the attribute form:
	 * {@code cache:fragment="name" cache:timeout="..." cache:vary-on="a, b" cache:using="alias"}.
	 * @param attribute the main attribute as written
	 * @param name the fragment name
	 * @param timeout the timeout attribute, or {@code null}
	 * @param varyOn the vary-on attribute, or {@code null}
	 * @param using the using attribute, or {@code null}
	 * @param staleWhileRevalidate the {@code cache:stale-while-revalidate} attribute, or
	 * {@code null}
	 * @param staleIfError the {@code cache:stale-if-error} attribute, or {@code null}
	 * @return the spec
	 */
	static FragmentSpec ofAttributes(String attribute, String name, @Nullable String timeout, @Nullable String varyOn,
			@Nullable String using, @Nullable String staleWhileRevalidate, @Nullable String staleIfError) {
		return new FragmentSpec(attribute, literalName(attribute, name), blankToNull(timeout),
				(varyOn != null) ? FragmentArguments.split(varyOn) : List.of(), blankToNull(using),
				blankToNull(staleWhileRevalidate), blankToNull(staleIfError));
	}

	/**
	 * Reads the compact form, Django's argument order:
	 * {@code th:cache="timeout, name, vary-on..., using='alias'"}; the alias may also
	 * come from a separate attribute ({@code th:cache-using}). The stale windows are
	 * named arguments too, in any order with {@code using}:
	 * {@code th:cache="60, sidebar, stale-while-revalidate=30, stale-if-error=300"}.
	 * @param attribute the attribute as written
	 * @param value its value
	 * @param usingAttribute the separate alias attribute, or {@code null}
	 * @return the spec
	 * @throws TemplateProcessingException if fewer than two arguments are given, or a
	 * named argument is given twice
	 */
	static FragmentSpec ofCompact(String attribute, String value, @Nullable String usingAttribute) {
		List<String> arguments = FragmentArguments.split(value);
		Map<String, String> named = new HashMap<>();
		if (usingAttribute != null && !usingAttribute.isBlank()) {
			named.put("using", usingAttribute.trim());
		}
		// Django's do_cache: trailing named arguments (using=) count only after the two
		// positional ones.
		while (arguments.size() > 2) {
			Matcher matcher = NAMED.matcher(arguments.get(arguments.size() - 1));
			if (!matcher.matches()) {
				break;
			}
			if (named.put(matcher.group(1), matcher.group(2).trim()) != null) {
				throw new TemplateProcessingException("'" + attribute + "' gives " + matcher.group(1) + " twice"
						+ (matcher.group(1).equals("using") ? ", with using= and " + attribute + "-using" : ""));
			}
			arguments = arguments.subList(0, arguments.size() - 1);
		}
		if (arguments.size() < 2) {
			throw new TemplateProcessingException("'" + attribute
					+ "' needs at least a timeout and a fragment name, as {% cache timeout name %} does (was '" + value
					+ "')");
		}
		return new FragmentSpec(attribute, literalName(attribute, arguments.get(1)), arguments.get(0),
				List.copyOf(arguments.subList(2, arguments.size())), named.get("using"),
				named.get("stale-while-revalidate"), named.get("stale-if-error"));
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
