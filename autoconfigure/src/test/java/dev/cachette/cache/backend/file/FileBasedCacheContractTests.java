package dev.cachette.cache.backend.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import dev.cachette.cache.Cache;
import dev.cachette.cache.CacheContractTests;
import dev.cachette.cache.settings.CacheSettings;

/**
 * The contract on {@link FileBasedCache}, with the fake clock and Django's defaults
 * ({@code max-entries} 300, {@code cull-frequency} 3). The directory is one per test
 * class; the suite clears it after each test.
 */
class FileBasedCacheContractTests extends CacheContractTests {

	@TempDir
	static Path directory;

	@Override
	protected Cache createCache(CacheSettings.Builder settings) {
		return new FileBasedCache(settings.location(directory.toString()).build());
	}

	/**
	 * Django's {@code DatabaseCache} and {@code FileBasedCache} inherit
	 * {@code BaseCache.incr}.
	 */
	@Override
	protected boolean incrRestoresTheDefaultTimeout() {
		return true;
	}

	@Override
	protected boolean usesFakeClock() {
		return true;
	}

	@Override
	protected void plantRawBytes(String key, byte[] value) throws IOException {
		String name = CacheDirectory.fileName(this.cache.makeKey(key));
		Files.write(directory.resolve(name + CacheDirectory.SUFFIX), EntryFormat.write(EntryFormat.NEVER, value));
	}

}
