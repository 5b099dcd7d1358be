package dev.cachette.cache.backend.file;

import java.nio.file.Path;

import dev.cachette.cache.settings.CacheSettings;

/**
 * The other process of the cross-process tests: opens a file-based cache, prints
 * {@code ready}, increments one key a number of times, then prints {@code done}.
 */
public final class IncrementingProcess {

	private IncrementingProcess() {
	}

	/**
	 * Runs the increments.
	 * @param args the directory, the key, the number of increments
	 */
	public static void main(String[] args) {
		Path directory = Path.of(args[0]);
		int count = Integer.parseInt(args[2]);
		try (FileBasedCache cache = new FileBasedCache(
				CacheSettings.builder("child").backend("filebased").location(directory.toString()).build())) {
			System.out.println("ready");
			System.out.flush();
			for (int i = 0; i < count; i++) {
				cache.incr(args[1]);
			}
		}
		System.out.println("done");
	}

}
