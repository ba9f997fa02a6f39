package kz.consentledger.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from the system's packages, driven through the system's ChromeDriver:
 * Selenium is told both paths, so it never looks for (or downloads) a browser of its own.
 * Flags keep it off the network (this machine has none) and out of the root user's
 * sandbox restrictions.
 */
final class Browser implements AutoCloseable {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	/** Screenshots land in the repository's docs, so they follow the pages. */
	static final Path SCREENSHOTS = Path.of("..", "docs", "screenshots");

	final ChromeDriver driver;

	final Path downloads;

	private final String baseUrl;

	Browser(String baseUrl) {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			throw new IllegalStateException("the browser tests need Debian's Chromium and ChromeDriver at " + CHROMIUM
					+ " and " + CHROMEDRIVER + ": apt-get install chromium chromium-driver (./deploy/test.sh does)");
		}
		this.baseUrl = baseUrl;
		try {
			this.downloads = Files.createTempDirectory("ledger-downloads");
			Path profile = Files.createTempDirectory("ledger-chromium");
			ChromeOptions options = new ChromeOptions();
			options.setBinary(CHROMIUM.toFile());
			options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
					"--disable-sync", "--disable-default-apps", "--window-size=1360,1000", "--lang=en-GB",
					"--user-data-dir=" + profile);
			options.setExperimentalOption("prefs", Map.of("download.default_directory", this.downloads.toString(),
					"download.prompt_for_download", false));
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
				.usingAnyFreePort()
				.build();
			this.driver = new ChromeDriver(service, options);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void open(String path) {
		this.driver.get(this.baseUrl + path);
	}

	WebElement await(By locator) {
		return explained(() -> new WebDriverWait(this.driver, Duration.ofSeconds(20))
			.until(ExpectedConditions.visibilityOfElementLocated(locator)));
	}

	void awaitText(By locator, String text) {
		explained(() -> new WebDriverWait(this.driver, Duration.ofSeconds(20))
			.until(ExpectedConditions.textToBePresentInElementLocated(locator, text)));
	}

	/** A wait that failed says what the page showed instead. */
	private <T> T explained(java.util.function.Supplier<T> wait) {
		try {
			return wait.get();
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			throw new AssertionError("the page " + this.driver.getCurrentUrl() + " showed: "
					+ this.driver.findElement(By.tagName("body")).getText(), ex);
		}
	}

	/** A file that finished downloading (Chromium renames it when it is complete). */
	Path awaitDownload(String name) {
		Path file = this.downloads.resolve(name);
		new WebDriverWait(this.driver, Duration.ofSeconds(20)).until((d) -> Files.exists(file));
		return file;
	}

	void screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			File shot = this.driver.getScreenshotAs(OutputType.FILE);
			Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"),
					java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
