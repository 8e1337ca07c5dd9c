package nl.poortwachter.gateway.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its chromedriver, with the flags the project uses everywhere and a fresh
 * profile. A missing browser fails the test: a UI test that cannot run is a failure, not a skip.
 */
public final class Browser implements AutoCloseable {
    public final ChromeDriver driver;
    private final ChromeDriverService service;
    private String failureShot;

    public Browser(Path tmp, String windowSize) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--autoplay-policy=no-user-gesture-required", "--window-size=" + windowSize,
                "--user-data-dir=" + Files.createTempDirectory(tmp, "chrome"));
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort()
                .withEnvironment(Map.of("SE_OFFLINE", "true")).build();
        driver = new ChromeDriver(service, options);
    }

    public WebDriverWait waiting(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }

    /** Opens {@code page}, is sent to the login page, logs in and opens {@code page} again. */
    public void logInAndOpen(String base, String page, String user, String password) {
        WebDriverWait wait = waiting(30);
        driver.get(base + page);
        wait.until(d -> d.getCurrentUrl().contains("/login"));
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
        wait.until(d -> !d.getCurrentUrl().contains("/login"));
        driver.get(base + page);
    }

    /**
     * A screenshot to save when the test fails while this browser is open (taken at close, so a failed wait leaves a
     * picture of what the page showed instead).
     */
    public void onFailure(String name) {
        failureShot = name;
    }

    /** Marks the test as passed up to here: no failure screenshot at close. */
    public void passed() {
        failureShot = null;
    }

    /** Saves a screenshot as target/screenshots/{name}.png (kept as a build artifact). */
    public void screenshot(String name) throws Exception {
        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        Files.write(shots.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    /** The whole page, also what lies below the window, as target/screenshots/{name}.png. */
    public void pageScreenshot(String name) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) driver.executeCdpCommand("Page.getLayoutMetrics", Map.of())
                .get("cssContentSize");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", ((Number) size.get("width")).doubleValue(),
                "height", Math.min(8000, ((Number) size.get("height")).doubleValue()), "scale", 1);
        String png = (String) driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip)).get("data");
        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        Files.write(shots.resolve(name + ".png"), java.util.Base64.getDecoder().decode(png));
    }

    /** A phone's viewport (CSS pixels), whatever the smallest window the headless browser allows. */
    public void phone(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", true));
    }

    @Override
    public void close() {
        if (failureShot != null) {
            try {
                pageScreenshot(failureShot);
            } catch (Exception | Error ignored) {
                // the test's own failure is what matters
            }
        }
        driver.quit();
        service.stop();
    }
}
