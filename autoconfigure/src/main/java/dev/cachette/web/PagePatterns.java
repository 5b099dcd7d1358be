package dev.cachette.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/** Finds the page cache of the first registered pattern a request's path matches. */
final class PagePatterns {

	private final List<Entry> entries;

	PagePatterns(List<Entry> entries) {
		this.entries = List.copyOf(entries);
	}

	static Entry entry(String pattern, PageCache pageCache) {
		return new Entry(PathPatternParser.defaultInstance.parse(pattern), pageCache);
	}

	boolean isEmpty() {
		return this.entries.isEmpty();
	}

	@Nullable PageCache match(HttpServletRequest request) {
		if (this.entries.isEmpty()) {
			return null;
		}
		PathContainer path = RequestPath.parse(request.getRequestURI(), request.getContextPath())
			.pathWithinApplication();
		for (Entry entry : this.entries) {
			if (entry.pattern().matches(path)) {
				return entry.pageCache();
			}
		}
		return null;
	}

	record Entry(PathPattern pattern, PageCache pageCache) {
	}

}
