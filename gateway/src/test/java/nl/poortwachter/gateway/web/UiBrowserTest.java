package nl.poortwachter.gateway.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The login page and the auditor's page in real headless Chromium (Debian's chromium and chromedriver, installed by
 * src/dist/test). A missing browser fails the test: a UI test that cannot run is a failure, not a skip.
 * Screenshots go to target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UiBrowserTest {
    @TempDir
    static Path tmp;
    private Gateway gateway;
    private WebDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    void start() throws Exception {
        gateway = TestGateway.start(tmp, "");
        Http anonymous = new Http(gateway.baseUrl());
        Logins.user(anonymous, "auditor1", "auditor", List.of());
        Http integrator = Logins.user(anonymous, "ina", "integrator", List.of());
        integrator.post("/api/v1/cameras", TestGateway.camera("markt", "gemeentewet-151c"));
        Logins.user(anonymous, "olga", "operator", List.of("markt"))
                .get("/api/v1/cameras/other-camera"); // a refusal, to show in the log

        System.setProperty("SE_OFFLINE", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,900", "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private void screenshot(String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private void login(String user, String password) {
        driver.get(gateway.baseUrl() + "/login");
        WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        name.clear();
        name.sendKeys(user);
        driver.findElement(By.id("password")).clear();
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
    }

    @Test
    void loginPageThenAuditorPage() throws Exception {
        driver.manage().deleteAllCookies();
        driver.get(gateway.baseUrl() + "/audit");
        wait.until(ExpectedConditions.urlToBe(gateway.baseUrl() + "/login"));
        assertEquals("nl", driver.findElement(By.tagName("html")).getAttribute("lang"), "Dutch by default");
        // Labels are tied to their fields (accessibility), in Dutch.
        assertEquals("Gebruikersnaam", driver.findElement(By.cssSelector("label[for=username]")).getText());
        assertEquals("Wachtwoord", driver.findElement(By.cssSelector("label[for=password]")).getText());
        screenshot("login");

        login("auditor1", "wrong-password-123");
        WebElement message = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("message")));
        assertEquals("Onbekende gebruikersnaam of onjuist wachtwoord.", message.getText());
        assertEquals("alert", message.getAttribute("role"));

        login("auditor1", Logins.password("auditor1"));
        wait.until(ExpectedConditions.urlToBe(gateway.baseUrl() + "/"));
        WebElement signedIn = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signed-in")));
        wait.until(d -> !signedIn.getText().isEmpty());
        assertTrue(signedIn.getText().contains("auditor1"), signedIn.getText());
        Cookie cookie = driver.manage().getCookieNamed("poortwachter_session");
        assertTrue(cookie.isHttpOnly(), "the session cookie is HttpOnly");
        assertEquals("Strict", cookie.getSameSite());
        assertEquals(Boolean.FALSE, ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript("return document.cookie.includes('poortwachter_session')"), "scripts cannot read it");
        screenshot("home-auditor");

        driver.findElement(By.id("audit-link")).click();
        wait.until(ExpectedConditions.urlToBe(gateway.baseUrl() + "/audit"));
        wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#entries tr"), 5));
        String table = driver.findElement(By.id("entries")).getText();
        assertTrue(table.contains("auth.login"), table);
        assertTrue(table.contains("camera.create"), table);
        assertTrue(table.contains("denied"), table);

        // Filter by user: only that user's entries remain.
        driver.findElement(By.id("f-user")).sendKeys("olga");
        driver.findElement(By.id("search")).click();
        wait.until(d -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                "const rows = [...document.querySelectorAll('#entries tr')];"
                        + " return rows.length > 0 && rows.every(tr => tr.textContent.includes('olga'));"));
        assertFalse(driver.findElement(By.id("entries")).getText().contains("auditor1"));
        assertTrue(driver.findElement(By.id("export-csv")).getAttribute("href").contains("user=olga"));
        assertTrue(driver.findElement(By.id("export-json")).getAttribute("href").contains("format=json"));

        driver.findElement(By.id("verify")).click();
        // No checkpoint yet in a fresh log (one is signed every minute): the page says the chain holds, and that a
        // cut-off end could not be seen yet.
        WebElement result = wait.until(ExpectedConditions.textMatches(By.id("verify-result"), java.util.regex.Pattern.compile("klopt")))
                ? driver.findElement(By.id("verify-result")) : null;
        assertTrue(result.getText().startsWith("De keten klopt: "), result.getText());
        assertTrue(result.getText().contains("nog geen ondertekend controlepunt"), result.getText());
        screenshot("audit");

        // A pinned fingerprint (the Controlepunten tab shows the key's, OperatorAuditorJourneyIT checks it): only
        // that key counts, and a gateway signing with another key fails (issue 10 item 5).
        driver.findElement(By.id("pinned-key")).sendKeys("0".repeat(64));
        driver.findElement(By.id("verify")).click();
        wait.until(ExpectedConditions.textMatches(By.id("verify-result"), java.util.regex.Pattern.compile("vastgepinde")));
        WebElement pinned = driver.findElement(By.id("verify-result"));
        assertTrue(pinned.getText().startsWith("De controle faalt"), pinned.getText());
        assertTrue(pinned.getAttribute("title").contains("not a pinned key"), pinned.getAttribute("title"));
        driver.findElement(By.id("pinned-key")).clear();

        // English on request; the choice sticks.
        driver.findElement(By.id("lang-switch")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Logs"));
        assertEquals("en", driver.findElement(By.tagName("html")).getAttribute("lang"));
        screenshot("audit-en");
        driver.findElement(By.id("lang-switch")).click();

        driver.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.urlToBe(gateway.baseUrl() + "/login"));
        driver.get(gateway.baseUrl() + "/audit");
        wait.until(ExpectedConditions.urlToBe(gateway.baseUrl() + "/login"));
    }

    @Test
    void keyboardOnlyLogin() throws Exception {
        driver.manage().deleteAllCookies();
        driver.get(gateway.baseUrl() + "/login");
        WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        wait.until(d -> d.switchTo().activeElement().equals(name));
        name.sendKeys("ina");
        name.sendKeys(org.openqa.selenium.Keys.TAB);
        driver.switchTo().activeElement().sendKeys(Logins.password("ina"));
        driver.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.ENTER);
        wait.until(ExpectedConditions.urlToBe(gateway.baseUrl() + "/"));
        WebElement may = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#may li")));
        assertTrue(driver.findElement(By.id("may")).getText().contains("Camera’s toevoegen"), may.getText());
        assertFalse(driver.findElement(By.id("audit-link")).isDisplayed(), "no audit link for an integrator");
    }
}
