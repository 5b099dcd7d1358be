package dev.cachette.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheStatistics;
import dev.cachette.cache.Caches;
import dev.cachette.metrics.FragmentCacheStatistics;
import dev.cachette.web.NeverCache;
import dev.cachette.web.PageCacheStatistics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The hit-ratio page: each alias's hits and misses, and the page and fragment counters,
 * as a table and as a bar chart drawn in inline SVG (no script, nothing fetched).
 * {@code @NeverCache}, since numbers served from a cache would defeat the page.
 *
 * @author Cachette contributors
 */
@Controller
class StatsController {

	private final Caches caches;

	private final PageCacheStatistics pages;

	private final ObjectProvider<FragmentCacheStatistics> fragments;

	StatsController(Caches caches, PageCacheStatistics pages, ObjectProvider<FragmentCacheStatistics> fragments) {
		this.caches = caches;
		this.pages = pages;
		this.fragments = fragments;
	}

	@GetMapping("/stats")
	@NeverCache
	String stats(Model model) {
		List<Row> aliases = new ArrayList<>();
		for (String alias : this.caches.aliases()) {
			Cache cache = this.caches.get(alias);
			CacheStatistics statistics = cache.statistics();
			aliases.add(new Row("alias " + alias, cache.getClass().getSimpleName(), statistics.hits(),
					statistics.misses()));
		}
		List<Row> layers = new ArrayList<>();
		layers.add(new Row("pages", "@CachePage / per-site", this.pages.hits(), this.pages.misses()));
		FragmentCacheStatistics fragmentStatistics = this.fragments.getIfAvailable();
		if (fragmentStatistics != null) {
			layers.add(new Row("fragments", "cache:fragment, all", fragmentStatistics.hits(),
					fragmentStatistics.misses()));
			for (Map.Entry<String, long[]> fragment : fragmentStatistics.byFragment().entrySet()) {
				layers.add(new Row("fragment " + fragment.getKey(), "cache:fragment", fragment.getValue()[0],
						fragment.getValue()[1]));
			}
		}
		List<Row> all = new ArrayList<>(aliases);
		all.addAll(layers);
		model.addAttribute("aliases", aliases);
		model.addAttribute("layers", layers);
		model.addAttribute("chart", all);
		return "stats";
	}

	/**
	 * One line of the table and one bar of the chart.
	 *
	 * @param name what is counted
	 * @param kind the backend or layer
	 * @param hits the hits
	 * @param misses the misses
	 */
	record Row(String name, String kind, long hits, long misses) {

		/**
		 * The hit ratio in percent.
		 * @return {@code hits / (hits + misses)}, 0 when nothing was looked up
		 */
		public int percent() {
			long lookups = this.hits + this.misses;
			return (lookups == 0) ? 0 : (int) Math.round(100.0 * this.hits / lookups);
		}

	}

}
