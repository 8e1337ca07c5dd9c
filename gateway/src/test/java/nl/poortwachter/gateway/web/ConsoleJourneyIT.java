package nl.poortwachter.gateway.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.testing.Browser;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.CameraSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in real headless Chromium against a gateway recording the simulator, one journey per role: the
 * integrator adds a camera through the page (tested, with its picture, before saving), sees it live, draws a privacy
 * mask on its still, edits and removes cameras; the administrator creates an operator with a grant, changes grants,
 * ends a session, records a passthrough exception and changes a camera's legal regime (which the integrator's form
 * shows read-only), and the auditor finds that change with the old and the new regime; the status page names a
 * camera without picture. Every page
 * in both languages is kept as a screenshot (target/screenshots/console-*), and none is wider than a 390 px phone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleJourneyIT {
    private static final String REGIME_REASON = "Aanwijzing burgemeester, besluit 2026-31";
    @TempDir
    static Path tmp;
    private CameraSimulator sim;
    private Gateway gateway;
    private Http anonymous;
    private Http integratorApi;
    private String base;

    @BeforeAll
    void start() throws Exception {
        sim = CameraSimulator.start();
        gateway = TestGateway.start(tmp, "recording: {segmentSeconds: 2}\n");
        base = gateway.baseUrl();
        anonymous = new Http(base);
        integratorApi = Logins.user(anonymous, "ina", "integrator", List.of());
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private static Object js(ChromeDriver d, String script, Object... args) {
        return ((JavascriptExecutor) d).executeScript(script, args);
    }

    private static void switchLanguage(ChromeDriver d, WebDriverWait wait, String h1) {
        d.findElement(By.id("lang-switch")).click();
        wait.until(x -> x.findElement(By.tagName("h1")).getText().equals(h1));
    }

    /** One test: each part builds on what the parts before it made (the cameras, the users, the set-up). */
    @Test
    void theConsoleAsEachOfItsUsersMeetsIt() throws Exception {
        integratorAddsATestedCameraSeesItLiveAndMasksIt();
        administratorCreatesAnOperatorWithAGrant();
        auditorFindsTheRegimeChangeWithOldAndNewRegime();
        statusPageNamesTheCameraWithoutPicture();
        everyPageFitsAPhoneInBothLanguages();
    }

    private void integratorAddsATestedCameraSeesItLiveAndMasksIt() throws Exception {
        try (Browser browser = new Browser(tmp, "1366,900")) {
            ChromeDriver d = browser.driver;
            WebDriverWait wait = browser.waiting(60);
            browser.logInAndOpen(base, "/cameras", "ina", Logins.password("ina"));
            browser.onFailure("console-failed-integrator");
            wait.until(x -> x.findElement(By.id("cameras")).getText().equals("Nog geen camera’s."));
            assertEquals("Camera’s", d.findElement(By.tagName("h1")).getText(), "Dutch by default");

            d.findElement(By.id("add")).click();
            WebElement save = d.findElement(By.id("save"));
            assertFalse(save.isEnabled(), "nothing is saved before a test");
            // A camera that is not there: the test says why, and saving needs a deliberate choice.
            d.findElement(By.id("f-url")).sendKeys("rtsp://127.0.0.1:" + CameraSimulator.freePort() + "/weg");
            d.findElement(By.id("test")).click();
            wait.until(x -> x.findElement(By.id("test-verdict")).getAttribute("class").contains("bad"));
            assertTrue(d.findElement(By.id("test-verdict")).getText().contains("niet bereikbaar"),
                    d.findElement(By.id("test-verdict")).getText());
            assertTrue(d.findElement(By.id("save-anyway-label")).isDisplayed());
            assertFalse(save.isEnabled());

            // The simulator's camera: tested, its picture shown, then saved.
            WebElement url = d.findElement(By.id("f-url"));
            url.clear();
            url.sendKeys(sim.url(CameraSimulator.SMALL));
            assertFalse(save.isEnabled(), "a changed URL needs a new test");
            d.findElement(By.id("test")).click();
            wait.until(x -> x.findElement(By.id("test-verdict")).getAttribute("class").contains("ok"));
            assertEquals("De camera werkt en kan zo worden opgenomen.", d.findElement(By.id("test-verdict")).getText());
            wait.until(x -> ((Number) js(d, "return document.getElementById('test-picture').naturalWidth")).intValue() == 640);
            assertTrue(d.findElement(By.id("test-details")).getText().contains("640 × 360"));
            assertTrue(save.isEnabled());
            d.findElement(By.id("f-name")).sendKeys("Stadhuis hal");
            d.findElement(By.id("f-location")).sendKeys("Stadhuis, hoofdingang");
            d.findElement(By.id("f-purpose")).sendKeys("Beveiliging gebouw");
            // Its smaller sub-stream for large grids (D89), credentials in the URL: moved out of it, never shown.
            d.findElement(By.id("f-sub-url")).sendKeys(
                    sim.url(CameraSimulator.NOISE).replace("rtsp://", "rtsp://kijker:Kl31n-Sub!@"));
            new Select(d.findElement(By.id("f-regime"))).selectByValue("avg-building-security");
            assertEquals("28", d.findElement(By.id("f-retention")).getAttribute("value"));
            browser.pageScreenshot("console-camera-add-nl");
            switchLanguage(d, wait, "Cameras");
            browser.pageScreenshot("console-camera-add-en");
            switchLanguage(d, wait, "Camera’s");
            save.click();

            By row = By.cssSelector("tr[data-camera=stadhuis-hal]");
            wait.until(x -> !x.findElements(row).isEmpty() && x.findElement(row).getText().toLowerCase().contains("neemt op"));
            JsonNode cam = Http.json(integratorApi.get("/api/v1/cameras/stadhuis-hal"));
            assertEquals("Stadhuis, hoofdingang", cam.path("location").asText());
            assertEquals("avg-building-security", cam.path("legalRegime").asText());
            assertEquals("transcode", cam.path("mode").asText());
            assertEquals(sim.url(CameraSimulator.NOISE), cam.path("subStream").path("url").asText(), cam.toString());
            assertEquals("***", cam.path("subStream").path("credentials").asText(), cam.toString());
            wait.until(x -> !x.findElement(row).findElement(By.cssSelector("td[data-label='Beelden/s']")).getText().equals("—"));
            // The lag column: the recorder's own figure for the camera (status.load.lagMillis, D42), once it streams.
            wait.until(x -> x.findElement(row).findElement(By.cssSelector("td[data-label='Achterstand']")).getText()
                    .matches("[0-9.]+ (ms|s)"));
            browser.pageScreenshot("console-cameras-nl");
            switchLanguage(d, wait, "Cameras");
            wait.until(x -> x.findElement(row).getText().toLowerCase().contains("recording"));
            browser.pageScreenshot("console-cameras-en");
            switchLanguage(d, wait, "Camera’s");

            // Live, from the list.
            d.findElement(row).findElement(By.linkText("Stadhuis hal")).click();
            wait.until(x -> x.getCurrentUrl().endsWith("/camera?id=stadhuis-hal"));
            browser.answerLivePurpose("Installatie controleren");
            wait.until(x -> ((Number) js(d, "return document.getElementById('video').currentTime")).doubleValue() > 0.5);

            // A privacy mask drawn on the still, saved with the camera.
            d.get(base + "/cameras");
            wait.until(x -> !x.findElements(row).isEmpty());
            d.findElement(row).findElement(By.xpath(".//button[.='Maskers']")).click();
            wait.until(x -> ((Number) js(d, "return document.getElementById('mask-picture').naturalWidth")).intValue() > 0);
            WebElement svg = d.findElement(By.id("mask-svg"));
            int w = svg.getRect().getWidth();
            int h = svg.getRect().getHeight();
            new Actions(d).moveToElement(svg, -w / 2 + w / 10, -h / 2 + h / 10).clickAndHold()
                    .moveByOffset(w * 3 / 10, h * 3 / 10).release().perform();
            wait.until(x -> x.findElements(By.cssSelector("#mask-list li button")).size() == 1);
            browser.pageScreenshot("console-masks-nl");
            switchLanguage(d, wait, "Cameras");
            browser.pageScreenshot("console-masks-en");
            switchLanguage(d, wait, "Camera’s");
            d.findElement(By.id("mask-save")).click();
            wait.until(x -> x.findElement(By.id("message")).getText().contains("opgeslagen"));
            JsonNode masks = Http.json(integratorApi.get("/api/v1/cameras/stadhuis-hal")).path("masks");
            assertEquals(1, masks.size(), masks.toString());
            JsonNode rect = masks.get(0).path("rect");
            assertEquals(0.1, rect.get(0).asDouble(), 0.03);
            assertEquals(0.1, rect.get(1).asDouble(), 0.03);
            assertEquals(0.3, rect.get(2).asDouble(), 0.03);
            assertEquals(0.3, rect.get(3).asDouble(), 0.03);
            assertEquals("solid", masks.get(0).path("fill").asText());

            // Editing the description keeps the mask; the regime of an existing camera is the administrator's (D47).
            d.findElement(row).findElement(By.xpath(".//button[.='Wijzigen']")).click();
            assertFalse(d.findElement(By.id("f-regime")).isEnabled(), "the integrator does not change a regime");
            assertTrue(d.findElement(By.id("regime-locked")).getText().contains("alleen een beheerder"),
                    d.findElement(By.id("regime-locked")).getText());
            WebElement location = d.findElement(By.id("f-location"));
            location.clear();
            location.sendKeys("Stadhuis, achteringang");
            d.findElement(By.id("save")).click();
            // The camera's own message, not the masks' one still standing from before.
            wait.until(x -> x.findElement(By.id("message")).getText().equals("Camera Stadhuis hal is opgeslagen."));
            cam = Http.json(integratorApi.get("/api/v1/cameras/stadhuis-hal"));
            assertEquals("Stadhuis, achteringang", cam.path("location").asText());
            assertEquals(1, cam.path("masks").size(), "the edit kept the mask");
            assertEquals("***", cam.path("subStream").path("credentials").asText(),
                    "the masks' save and the edit kept the sub-stream and its credentials: " + cam);

            // Clearing the sub-stream's field removes it (the list is rendered again after the save: click once it is).
            wait.until(x -> {
                try {
                    x.findElement(row).findElement(By.xpath(".//button[.='Wijzigen']")).click();
                    return true;
                } catch (org.openqa.selenium.WebDriverException notYet) {
                    return false;
                }
            });
            WebElement subUrl = d.findElement(By.id("f-sub-url"));
            assertEquals(sim.url(CameraSimulator.NOISE), subUrl.getAttribute("value"), "the form shows it without credentials");
            subUrl.clear();
            d.findElement(By.id("save")).click();
            Await.until(java.time.Duration.ofSeconds(20), "the sub-stream removed by the form",
                    () -> Http.json(integratorApi.get("/api/v1/cameras/stadhuis-hal")).path("subStream").isMissingNode());

            // Removing asks first.
            Map<String, Object> old = new HashMap<>(TestGateway.camera("oud", "avg-building-security"));
            assertEquals(201, integratorApi.post("/api/v1/cameras", old).statusCode());
            By oldRow = By.cssSelector("tr[data-camera=oud]");
            wait.until(x -> !x.findElements(oldRow).isEmpty());
            d.findElement(oldRow).findElement(By.xpath(".//button[.='Verwijderen']")).click();
            wait.until(x -> x.findElement(By.id("delete-dialog")).isDisplayed());
            assertTrue(d.findElement(By.id("delete-text")).getText().contains("oud"));
            d.findElement(By.id("delete-confirm")).click();
            wait.until(x -> x.findElements(oldRow).isEmpty());
            assertEquals(404, integratorApi.get("/api/v1/cameras/oud").statusCode());
            browser.passed();
        }
    }

    private void administratorCreatesAnOperatorWithAGrant() throws Exception {
        Map<String, Object> poort = new HashMap<>(TestGateway.camera("poort", "avg-building-security"));
        poort.put("vendor", "Hikvision");
        assertEquals(201, integratorApi.post("/api/v1/cameras", poort).statusCode());
        Http adminApi = Logins.admin(anonymous);
        try (Browser browser = new Browser(tmp, "1366,900")) {
            ChromeDriver d = browser.driver;
            WebDriverWait wait = browser.waiting(60);
            browser.logInAndOpen(base, "/admin", Logins.ADMIN, Logins.ADMIN_PASSWORD);
            browser.onFailure("console-failed-admin");
            wait.until(x -> !x.findElements(By.cssSelector("tr[data-user=ina]")).isEmpty());
            assertEquals("Beheer", d.findElement(By.tagName("h1")).getText());

            d.findElement(By.id("nu-name")).sendKeys("olga");
            new Select(d.findElement(By.id("nu-role"))).selectByValue("operator");
            d.findElement(By.cssSelector("input[name=nu-grant][value=stadhuis-hal]")).click();
            d.findElement(By.id("nu-submit")).click();
            wait.until(x -> x.findElement(By.id("handover")).isDisplayed());
            String initial = d.findElement(By.id("handover-password")).getText();
            assertTrue(initial.matches("[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}"), initial);
            browser.pageScreenshot("console-admin-handover-nl");
            JsonNode olga = Http.json(adminApi.get("/api/v1/users/olga"));
            assertEquals("operator", olga.path("role").asText());
            assertEquals("[\"stadhuis-hal\"]", olga.path("grants").toString());
            assertTrue(olga.path("mustChangePassword").asBoolean());
            d.findElement(By.id("handover-done")).click();
            assertTrue(d.findElement(By.id("handover-password")).getText().isEmpty(), "the password leaves the page");

            // The operator logs in: her session shows up, and the admin ends it.
            String token = Logins.token(anonymous, "olga", initial);
            Http olgaApi = anonymous.as(token);
            assertEquals(200, olgaApi.get("/api/v1/auth/me").statusCode());
            d.navigate().refresh();
            By session = By.xpath("//tbody[@id='session-rows']/tr[.//strong[.='olga']]");
            wait.until(x -> !x.findElements(session).isEmpty());
            d.findElement(session).findElement(By.tagName("button")).click();
            wait.until(x -> x.findElement(By.id("dialog")).isDisplayed());
            d.findElement(By.id("dialog-ok")).click();
            wait.until(x -> x.findElements(session).isEmpty());
            assertEquals(401, olgaApi.get("/api/v1/auth/me").statusCode(), "her session ended");

            // A camera group, granted to her as one.
            d.findElement(By.id("group-add")).click();
            wait.until(x -> x.findElement(By.id("dialog")).isDisplayed());
            d.findElement(By.id("d-group-name")).sendKeys("Centrum");
            d.findElement(By.cssSelector("input[name=d-member][value=poort]")).click();
            d.findElement(By.cssSelector("input[name=d-member][value=stadhuis-hal]")).click();
            d.findElement(By.id("dialog-ok")).click();
            wait.until(x -> !x.findElements(By.cssSelector("tr[data-group=centrum]")).isEmpty());
            assertEquals("[\"poort\",\"stadhuis-hal\"]",
                    Http.json(adminApi.get("/api/v1/groups")).get(0).path("cameras").toString());
            By olgaRow = By.cssSelector("tr[data-user=olga]");
            d.findElement(olgaRow).findElement(By.xpath(".//button[.='Toegang']")).click();
            wait.until(x -> x.findElement(By.id("dialog")).isDisplayed());
            d.findElement(By.cssSelector("#dialog input[name=d-grant][value='group:centrum']")).click();
            d.findElement(By.cssSelector("#dialog input[name=d-grant][value='stadhuis-hal']")).click();
            d.findElement(By.id("dialog-ok")).click();
            wait.until(x -> x.findElement(olgaRow).getText().contains("Groep Centrum"));
            assertEquals("[\"group:centrum\"]", Http.json(adminApi.get("/api/v1/users/olga")).path("grants").toString());

            // A passthrough exception with its reason; the camera with a mask cannot get one.
            By poortRow = By.cssSelector("#policy-rows tr[data-camera=poort]");
            assertFalse(d.findElement(By.cssSelector("#policy-rows tr[data-camera=stadhuis-hal] button")).isEnabled());
            d.findElement(poortRow).findElement(By.tagName("button")).click();
            wait.until(x -> x.findElement(By.id("dialog")).isDisplayed());
            d.findElement(By.id("d-reason")).sendKeys("Camera in afgesloten serverruimte; besluit CISO 2026-12");
            d.findElement(By.id("dialog-ok")).click();
            wait.until(x -> x.findElement(poortRow).getText().contains("besluit CISO"));
            JsonNode cam = Http.json(integratorApi.get("/api/v1/cameras/poort"));
            assertEquals("passthrough", cam.path("mode").asText());
            assertEquals("admin", cam.path("policyOverride").path("by").asText());

            // The legal regime: the administrator's, with a reason; the dialog says older footage keeps its own.
            d.findElement(poortRow).findElement(By.cssSelector("button[data-action=regime]")).click();
            wait.until(x -> x.findElement(By.id("dialog")).isDisplayed());
            assertTrue(d.findElement(By.id("dialog-body")).getText().contains("houden de grondslag waaronder ze zijn"
                    + " opgenomen"), d.findElement(By.id("dialog-body")).getText());
            new Select(d.findElement(By.id("d-regime"))).selectByValue("gemeentewet-151c");
            wait.until(x -> x.findElement(By.id("d-regime-summary")).getText().contains("alleen de politie"));
            d.findElement(By.id("d-regime-reason")).sendKeys(REGIME_REASON);
            browser.pageScreenshot("console-admin-regime-nl");
            d.findElement(By.id("dialog-ok")).click();
            wait.until(x -> x.findElement(poortRow).getText().contains("(gemeentewet-151c)"));
            assertTrue(d.findElement(By.id("message")).getText().contains("De grondslag van Camera poort is nu"),
                    d.findElement(By.id("message")).getText());
            assertEquals("gemeentewet-151c",
                    Http.json(integratorApi.get("/api/v1/cameras/poort")).path("legalRegime").asText());
            browser.pageScreenshot("console-admin-nl");
            switchLanguage(d, wait, "Administration");
            browser.pageScreenshot("console-admin-en");
            browser.passed();
        }
    }

    private void auditorFindsTheRegimeChangeWithOldAndNewRegime() throws Exception {
        Logins.user(anonymous, "audrey", "auditor", List.of());
        try (Browser browser = new Browser(tmp, "1366,900")) {
            ChromeDriver d = browser.driver;
            WebDriverWait wait = browser.waiting(60);
            browser.logInAndOpen(base, "/audit", "audrey", Logins.password("audrey"));
            browser.onFailure("console-failed-auditor");
            wait.until(x -> !x.findElements(By.cssSelector("#entries tr")).isEmpty());
            WebElement q = d.findElement(By.id("f-q"));
            q.sendKeys("besluit 2026-31");
            String before = d.findElement(By.id("entries")).getAttribute("data-answers");
            d.findElement(By.id("search")).click();
            wait.until(x -> !String.valueOf(x.findElement(By.id("entries")).getAttribute("data-answers")).equals(before));
            List<WebElement> rows = d.findElements(By.cssSelector("#entries tr"));
            assertEquals(1, rows.size(), "only the regime change carries its reason");
            String row = rows.get(0).getText();
            assertTrue(row.contains("camera.regime") && row.contains("Grondslag gewijzigd") && row.contains("poort"), row);
            assertTrue(row.contains("from=avg-building-security to=gemeentewet-151c reason=" + REGIME_REASON), row);
            browser.passed();
        }
    }

    private void statusPageNamesTheCameraWithoutPicture() throws Exception {
        Map<String, Object> dark = new HashMap<>(TestGateway.camera("donker", "avg-building-security"));
        dark.put("name", "Fietsenstalling");
        dark.put("recording", true);
        assertEquals(201, integratorApi.post("/api/v1/cameras", dark).statusCode());
        try (Browser browser = new Browser(tmp, "1366,900")) {
            ChromeDriver d = browser.driver;
            WebDriverWait wait = browser.waiting(60);
            browser.logInAndOpen(base, "/status", "ina", Logins.password("ina"));
            wait.until(x -> x.findElement(By.id("offline")).getText().contains("Fietsenstalling"));
            assertEquals("Er is iets dat aandacht vraagt.", d.findElement(By.id("overall")).getText());
            assertTrue(d.findElement(By.id("audit")).getText().contains("in orde"), d.findElement(By.id("audit")).getText());
            browser.pageScreenshot("console-status-nl");
            switchLanguage(d, wait, "Status");
            wait.until(x -> x.findElement(By.id("overall")).getText().equals("Something needs attention."));
            browser.pageScreenshot("console-status-en");
        }
    }

    private void everyPageFitsAPhoneInBothLanguages() throws Exception {
        try (Browser browser = new Browser(tmp, "390,844")) {
            ChromeDriver d = browser.driver;
            WebDriverWait wait = browser.waiting(60);
            browser.phone(390, 844);
            d.get(base + "/setup");
            wait.until(x -> x.findElement(By.id("done")).isDisplayed());
            fits(d, "setup");
            browser.pageScreenshot("console-setup-done-nl-phone");
            d.findElement(By.id("lang-switch")).click();
            wait.until(x -> x.findElement(By.tagName("h1")).getText().equals("This gateway is set up already"));
            fits(d, "setup (en)");
            browser.pageScreenshot("console-setup-done-en-phone");
            d.findElement(By.id("lang-switch")).click();
            browser.logInAndOpen(base, "/", Logins.ADMIN, Logins.ADMIN_PASSWORD);
            for (String lang : List.of("nl", "en")) {
                for (String page : List.of("/", "/admin", "/cameras", "/status")) {
                    d.get(base + page);
                    if (lang.equals("en") && page.equals("/")) {
                        d.findElement(By.id("lang-switch")).click();
                    }
                    // (the name is hidden on a phone; its text is there once the page has loaded who is logged in)
                    wait.until(x -> !x.findElement(By.id("signed-in")).getAttribute("textContent").isEmpty());
                    // the tables fill with the answers: wait until the page has all it asked for
                    wait.until(x -> ((Number) js(d, "return window.poortwachterApiPending")).intValue() == 0);
                    fits(d, page + " (" + lang + ")");
                    browser.pageScreenshot("console" + (page.equals("/") ? "-home" : page.replace('/', '-')) + "-" + lang + "-phone");
                }
            }
        }
    }

    private static void fits(ChromeDriver d, String what) {
        long width = ((Number) js(d, "return document.scrollingElement.scrollWidth")).longValue();
        long window = ((Number) js(d, "return window.innerWidth")).longValue();
        assertTrue(width <= 390 && width <= window, what + ": " + width + " px wide on a 390 px phone");
    }
}
