package dev.cachette.demo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import dev.cachette.cache.Cache;
import dev.cachette.cache.Caches;
import dev.cachette.cache.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo in a real browser: Debian's Chromium, headless, driven by Selenium through
 * Debian's chromedriver (never a downloaded browser). Opens the homepage and the list
 * twice (the second visit served from the cache, as the navbar shows), edits an article
 * through the form, and sees the change on the article, the list, the sidebar and the
 * homepage.
 *
 * <p>
 * Without Chromium the test fails under {@code CI=true} and is skipped elsewhere;
 * {@code CACHETTE_CHROMIUM} and {@code CACHETTE_CHROMEDRIVER} point it at another
 * installed browser (the GitHub workflow uses the runner's Chrome). It takes screenshots
 * into {@code target/screenshots}, or into the directory named by the system property
 * {@code demo.screenshots} (the ones in {@code docs/screenshots} come from
 * {@code -Ddemo.screenshots=../docs/screenshots}).
 *
 * @author Cachette contributors
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BrowserEndToEndTests {

	/** Debian's Chromium; {@code CACHETTE_CHROMIUM} names another installed browser. */
	private static final Path CHROMIUM = Path.of(TestServers.env("CACHETTE_CHROMIUM", "/usr/bin/chromium"));

	/** Debian's chromedriver; {@code CACHETTE_CHROMEDRIVER} names another. */
	private static final Path CHROMEDRIVER = Path.of(TestServers.env("CACHETTE_CHROMEDRIVER", "/usr/bin/chromedriver"));

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private ArticleRepository repository;

	@Autowired
	private Caches caches;

	private Path profile;

	private WebDriver browser;

	@BeforeEach
	void startBrowser() throws IOException {
		TestServers
			.require(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "Chromium is not installed at "
					+ CHROMIUM + " with its driver at " + CHROMEDRIVER
					+ " (apt-get install chromium chromium-driver, or set CACHETTE_CHROMIUM and CACHETTE_CHROMEDRIVER)");
		this.caches.all().forEach(Cache::clear);
		this.profile = Files.createTempDirectory("cachette-chromium");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + this.profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
		this.browser.manage().window().setSize(new Dimension(1280, 900));
		this.browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
	}

	@AfterEach
	void stopBrowser() throws IOException {
		if (this.browser != null) {
			this.browser.quit();
		}
		if (this.profile != null) {
			org.springframework.util.FileSystemUtils.deleteRecursively(this.profile);
		}
	}

	@Test
	void readEditAndSeeTheChangeEverywhere() throws IOException {
		Article article = this.repository.findLatest(1).get(0);

		open("/");
		assertThat(status()).isEqualTo("page cache: MISS");
		open("/");
		assertThat(status()).isEqualTo("page cache: HIT");
		assertThat(text("latest")).contains(article.title());
		screenshot("home.png");

		open("/articles");
		assertThat(status()).isEqualTo("fragment popular: MISS");
		open("/articles");
		assertThat(status()).isEqualTo("fragment popular: HIT");
		assertThat(text("popular")).contains(article.title());
		screenshot("articles.png");

		this.browser.findElement(By.linkText(article.title())).click();
		assertThat(text("title")).isEqualTo(article.title());
		this.browser.findElement(By.id("edit")).click();
		String newTitle = "Breaking: cache busted after commit " + UUID.randomUUID().toString().substring(0, 4);
		WebElement title = this.browser.findElement(By.id("title"));
		title.clear();
		title.sendKeys(newTitle);
		this.browser.findElement(By.id("save")).click();
		// The edit form has a #title too: read the article's only once its page is shown.
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until(ExpectedConditions.presenceOfElementLocated(By.id("saved")));

		assertThat(text("title")).isEqualTo(newTitle);
		assertThat(text("saved")).contains("invalidated");
		assertThat(status()).contains("MISS");
		screenshot("article-edited.png");

		open("/articles");
		assertThat(text("article-list")).contains(newTitle);
		assertThat(text("popular")).contains(newTitle);
		assertThat(status()).isEqualTo("fragment popular: MISS");
		open("/");
		assertThat(text("latest")).contains(newTitle).doesNotContain(article.title());
		assertThat(status()).isEqualTo("page cache: MISS");

		open("/stats");
		assertThat(this.browser.findElement(By.id("chart")).isDisplayed()).isTrue();
		screenshot("stats.png");
	}

	private void open(String path) {
		this.browser.get("http://localhost:" + this.port + path);
	}

	private String status() {
		return text("cache-status");
	}

	private String text(String id) {
		return this.browser.findElement(By.id(id)).getText();
	}

	private void screenshot(String name) throws IOException {
		Path directory = Path.of(System.getProperty("demo.screenshots", "target/screenshots"));
		Files.createDirectories(directory);
		File taken = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE);
		Files.copy(taken.toPath(), directory.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
	}

}
