package dev.cachette.thymeleaf;

import java.util.ArrayList;
import java.util.List;

import org.thymeleaf.exceptions.TemplateProcessingException;

/**
 * Splits an attribute value into its comma-separated arguments, as Django's
 * {@code token.split_contents()} splits the {@code {% cache %}} tag: commas inside quotes
 * ({@code 'a, b'}) and inside brackets ({@code ${#strings.concat(a, b)}},
 * {@code ${list[0]}}) do not split.
 */
final class FragmentArguments {

	private FragmentArguments() {
	}

	/**
	 * Splits a value at its top-level commas.
	 * @param value the attribute value
	 * @return the trimmed arguments, without empty ones at the end
	 * @throws TemplateProcessingException if a quote or bracket is left open
	 */
	static List<String> split(String value) {
		List<String> arguments = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		int depth = 0;
		boolean quoted = false;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (quoted) {
				if (c == '\\' && i + 1 < value.length()) {
					current.append(c).append(value.charAt(++i));
					continue;
				}
				quoted = (c != '\'');
			}
			else if (c == '\'') {
				quoted = true;
			}
			else if (c == '(' || c == '[' || c == '{') {
				depth++;
			}
			else if (c == ')' || c == ']' || c == '}') {
				depth--;
			}
			else if (c == ',' && depth == 0) {
				arguments.add(current.toString().trim());
				current.setLength(0);
				continue;
			}
			current.append(c);
		}
		if (quoted || depth != 0) {
			throw new TemplateProcessingException("Unbalanced quote or bracket in '" + value + "'");
		}
		String last = current.toString().trim();
		if (!last.isEmpty() || !arguments.isEmpty()) {
			arguments.add(last);
		}
		return arguments;
	}

}
