package nl.poortwachter.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's headless Chromium with the flags of the gateway's page tests, a fresh profile, logged in to the gateway. */
final class Chromium implements AutoCloseable {
    final ChromeDriver driver;
    private final ChromeDriverService service;

    Chromium(Path tmp, String windowSize) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--autoplay-policy=no-user-gesture-required", "--window-size=" + windowSize,
                "--user-data-dir=" + Files.createTempDirectory(tmp, "chrome"));
        // SE_OFFLINE: Selenium Manager must not go looking for drivers on the internet.
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().withEnvironment(Map.of("SE_OFFLINE", "true")).build();
        driver = new ChromeDriver(service, options);
    }

    void logIn(String base, String user, String password) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        driver.get(base + "/login");
        wait.until(d -> !d.findElements(By.id("username")).isEmpty());
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
        wait.until(d -> !d.getCurrentUrl().contains("/login"));
    }

    /** CPU ticks of the browser's processes (chromedriver's children: browser, renderers, GPU and utility processes). */
    long cpuTicks() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.contains("chrom")).orElse(false))
                .mapToLong(p -> Math.max(0, Proc.cpuTicks(p.pid()))).sum();
    }

    @Override
    public void close() {
        driver.quit();
        service.stop();
    }
}
