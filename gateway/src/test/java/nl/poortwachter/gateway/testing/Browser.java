package nl.poortwachter.gateway.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.StaleElementReferenceException;
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

    /**
     * A wait that asks again when an element it read was replaced meanwhile: the pages re-render their tables as
     * fresh data arrives (camera states every few seconds), so an element found a moment ago may be gone.
     */
    public WebDriverWait waiting(int seconds) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(seconds));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
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

    /**
     * Answers the live pages' question why one watches (audit.askLivePurpose): with {@code purpose}, or with the
     * standard purpose when it is null.
     */
    public void answerLivePurpose(String purpose) {
        WebDriverWait wait = waiting(30);
        wait.until(d -> d.findElement(By.id("purpose-dialog")).isDisplayed());
        if (purpose == null) {
            driver.findElement(By.id("purpose-default")).click();
        } else {
            driver.findElement(By.id("purpose-text")).sendKeys(purpose);
            driver.findElement(By.id("purpose-start")).click();
        }
        wait.until(d -> !d.findElement(By.id("purpose-dialog")).isDisplayed());
    }

    /** Downloads go to {@code dir}, without asking (headless Chromium refuses them otherwise). */
    public void downloadTo(Path dir) throws Exception {
        Files.createDirectories(dir);
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
                "downloadPath", dir.toAbsolutePath().toString()));
    }

    /** How wide the page is (document.scrollingElement.scrollWidth): on a phone, no more than the screen. */
    public long pageWidth() {
        return ((Number) driver.executeScript("return document.scrollingElement.scrollWidth")).longValue();
    }

    /**
     * Saves the whole page, not only what the window shows, as target/screenshots/{name}.png (at most 6000 px
     * high): through the DevTools protocol, which Chromium's WebDriver screenshot lacks.
     */
    public void pageScreenshot(String name) throws Exception {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        double width = ((Number) size.get("width")).doubleValue();
        double height = Math.min(6000, ((Number) size.get("height")).doubleValue());
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        Files.write(shots.resolve(name + ".png"), java.util.Base64.getDecoder().decode((String) shot.get("data")));
    }

    /** Saves a screenshot as target/screenshots/{name}.png (kept as a build artifact). */
    public void screenshot(String name) throws Exception {
        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        Files.write(shots.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
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
