package nl.poortwachter.gateway.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.config.ConfigLoader;
import nl.poortwachter.gateway.config.GatewayConfig;
import nl.poortwachter.gateway.config.Overrides;
import nl.poortwachter.gateway.testing.Browser;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import nl.poortwachter.recorder.export.ExportVerifier;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.CameraSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator's, the administrator's and the auditor's journeys in real headless Chromium against a gateway
 * recording the camera simulator. The operator watches live (stating a purpose, choosing a layout that the gateway
 * keeps), plays back two cameras at once (one of them police-only: the refusal says why), selects a range, exports
 * it and downloads the MP4 and its manifest (which verify against the gateway's key); the page offers no legal hold.
 * The administrator selects the same range on the timeline, without any footage shown, and puts it under a legal
 * hold. The auditor then finds the entries of those journeys (live view, playback, export, hold) and of the set-up
 * (camera added, user created), follows
 * a trace into the processing log and back, sees the signing key's fingerprint and verifies the chain. Every page
 * of theirs is photographed in both languages and at phone size (390 px), where nothing may be wider than the
 * screen. Screenshots go to target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorAuditorJourneyIT {
    private static final String LIVE_PURPOSE = "Toezicht evenement Neude";
    private static final String PLAYBACK_PURPOSE = "Onderzoek melding fietsendiefstal";
    private static final String CASE = "PL0900-2026-4711";
    private static final String HOLD_REASON = "Vordering politie: bewaren voor het onderzoek";
    private static final int PHONE = 390;
    /** How long to wait for the gateway in the background: a minute and a half (the box may be busy). */
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    static Path tmp;
    private CameraSimulator sim;
    private Gateway gateway;
    private Http http;
    private Http olga;
    private Instant firstFootage;

    @BeforeAll
    void start() throws Exception {
        sim = CameraSimulator.start();
        GatewayConfig config = new ConfigLoader(Logins.ENV, tmp).parse(TestGateway.LOOPBACK_CAMERAS
                + "recording: {segmentSeconds: 2}\ningest: {connectTimeoutSeconds: 2}\n"
                        + "passthrough: {allowCameras: [gate, markt]}\naudit: {checkpointSeconds: 5}\n" + Logins.FAST_AUTH,
                "test.yaml", null, new Overrides(0, tmp.resolve("storage"), null));
        gateway = Gateway.start(config);
        http = new Http(gateway.baseUrl());
        Http integrator = Logins.user(http, "ina", "integrator", List.of());
        add(integrator, "gate", "Stationsplein", "avg-building-security");
        add(integrator, "markt", "Neude", "gemeentewet-151c");
        olga = Logins.user(http, "olga", "operator", List.of("gate", "markt"));
        Logins.user(http, "anne", "auditor", List.of());
    }

    private void add(Http integrator, String id, String name, String regime) throws Exception {
        ObjectNode cam = Http.JSON.createObjectNode();
        cam.put("id", id);
        cam.put("name", name);
        cam.put("location", "Utrecht");
        cam.put("url", sim.url(CameraSimulator.SMALL));
        cam.put("mode", "passthrough");
        cam.put("legalRegime", regime);
        var r = integrator.post("/api/v1/cameras", cam);
        assertEquals(201, r.statusCode(), r.body());
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

    /** One test: the auditor's part looks for what the operator's and the administrator's parts did. */
    @Test
    void theAuditorFindsWhatTheOperatorAndTheAdministratorDid() throws Exception {
        operatorWatchesLivePlaysBackAndExports();
        administratorHoldsTheSelectedRangeWithoutSeeingFootage();
        auditorFindsTheJourneysAndVerifiesTheChain();
    }

    private void operatorWatchesLivePlaysBackAndExports() throws Exception {
        try (Browser browser = new Browser(tmp, "1366,900")) {
            ChromeDriver driver = browser.driver;
            WebDriverWait wait = browser.waiting(60);
            JavascriptExecutor js = driver;
            Path downloads = tmp.resolve("downloads");
            browser.downloadTo(downloads);

            // Live: the purpose first, then the grid; the layout is the operator's own setting, kept by the gateway.
            browser.logInAndOpen(gateway.baseUrl(), "/live", "olga", Logins.password("olga"));
            browser.screenshot("journey-live-purpose");
            browser.answerLivePurpose(LIVE_PURPOSE);
            wait.until(d -> d.findElements(By.cssSelector("figure.tile")).size() == 2);
            assertTrue(driver.findElement(By.id("purpose-now")).getText().contains(LIVE_PURPOSE));
            String gate = "document.querySelector('figure[data-camera=gate] video')";
            wait.until(d -> ((Number) js.executeScript("return " + gate + ".currentTime")).doubleValue() > 0.5);
            browser.screenshot("journey-live-grid");
            driver.findElement(By.cssSelector("button[data-layout='1']")).click();
            wait.until(d -> d.findElements(By.cssSelector("figure.tile")).size() == 1);
            assertEquals("Pagina 1 van 2", driver.findElement(By.id("page-of")).getText());
            driver.findElement(By.id("next")).click();
            wait.until(d -> !d.findElements(By.cssSelector("figure.tile[data-camera=markt]")).isEmpty());
            waitUntil("the layout kept as the operator's preference",
                    () -> Http.json(olga.get("/api/v1/auth/me/preferences")).path("liveLayout").asInt() == 1);
            driver.navigate().refresh();
            wait.until(d -> "1".equals(d.findElement(By.id("grid")).getAttribute("data-layout")));
            wait.until(d -> d.findElements(By.cssSelector("figure.tile")).size() == 1);
            assertTrue(driver.findElements(By.id("purpose-dialog")).isEmpty(), "the tab keeps its stated purpose: not asked again");
            bothLanguagesAndPhone(browser, "journey-live");
            driver.manage().window().setSize(new Dimension(1366, 900));
            driver.get(gateway.baseUrl() + "/camera?id=gate");
            wait.until(d -> ((Number) js.executeScript("return document.getElementById('video').currentTime")).doubleValue() > 0.5);
            assertTrue(driver.findElement(By.id("purpose-now")).getText().contains(LIVE_PURPOSE), "the tab's purpose");
            bothLanguagesAndPhone(browser, "journey-camera");

            // Playback of two cameras at one instant; the police-only camera is refused, and the page says why.
            firstFootage = waitForFootage(Duration.ofSeconds(24));
            driver.get(gateway.baseUrl() + "/playback?camera=gate");
            wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
            wait.until(d -> !d.findElements(By.cssSelector("#timeline .lane[data-camera=gate] .span")).isEmpty());
            driver.findElement(By.id("purpose")).sendKeys(PLAYBACK_PURPOSE);
            driver.findElement(By.id("case")).sendKeys(CASE);
            driver.findElement(By.id("add-camera")).click();
            wait.until(d -> d.findElements(By.cssSelector("#players figure")).size() == 2);
            Instant at = firstFootage.plusSeconds(6);
            js.executeScript("window.playAt(arguments[0])", at.toString());
            wait.until(d -> js.executeScript("return window.playbackState().cameras[0].playingDate") != null);
            WebElement refusal = wait.until(d -> {
                WebElement m = d.findElement(By.cssSelector("#players figure[data-camera=markt] .message"));
                return m.isDisplayed() ? m : null;
            });
            assertTrue(refusal.getText().contains("alleen de politie"), "the refusal says why: " + refusal.getText());
            assertFalse(refusal.getText().contains("manifestLoadError"), refusal.getText());

            // A drag on the timeline selects; the fields then set the range exactly.
            WebElement track = driver.findElement(By.cssSelector("#timeline .lane[data-camera=gate] .track"));
            new Actions(driver).moveToElement(track, -track.getSize().width / 4, 0).clickAndHold()
                    .moveByOffset(track.getSize().width / 5, 0).release().perform();
            wait.until(d -> !d.findElement(By.id("sel-length")).getText().isEmpty());
            selectEightSeconds(driver, wait);

            // Export: made in the background, verified by the gateway, downloaded with its manifest.
            assertEquals(PLAYBACK_PURPOSE, driver.findElement(By.id("export-purpose")).getAttribute("value"));
            assertEquals(CASE, driver.findElement(By.id("export-case")).getAttribute("value"));
            driver.findElement(By.id("export-submit")).click();
            // The list is drawn anew while the export is made and verified: look its items up afresh each time.
            String readyItem = "#exports li[data-state=ready] ";
            String verified = wait.until(d -> d.findElements(By.cssSelector(readyItem + "p.result.ok")).stream()
                    .findFirst().map(WebElement::getText).orElse(null));
            assertTrue(verified.startsWith("Gecontroleerd"), verified);
            driver.findElement(By.cssSelector(readyItem + "a.download")).click();
            driver.findElement(By.cssSelector(readyItem + "a.manifest")).click();
            Path mp4 = waitForFile(downloads, ".mp4");
            Path manifest = waitForFile(downloads, ".manifest.json");
            ExportVerifier.Result check = ExportVerifier.verify(mp4, Files.readAllBytes(manifest), publicKey(olga));
            assertTrue(check.ok() && check.keyTrusted(), "the downloaded file verifies: " + check);
            browser.pageScreenshot("journey-playback-export");

            // A legal hold is not the operator's to set (D85): no form for it.
            assertFalse(driver.findElement(By.id("hold-card")).isDisplayed(), "operators get no hold form");
            bothLanguagesAndPhone(browser, "journey-playback");
        }
    }

    private void administratorHoldsTheSelectedRangeWithoutSeeingFootage() throws Exception {
        try (Browser browser = new Browser(tmp, "1366,900")) {
            ChromeDriver driver = browser.driver;
            WebDriverWait wait = browser.waiting(60);
            browser.logInAndOpen(gateway.baseUrl(), "/", Logins.ADMIN, Logins.ADMIN_PASSWORD);
            wait.until(d -> d.findElement(By.id("playback-link")).isDisplayed());
            driver.get(gateway.baseUrl() + "/playback?camera=gate");
            wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
            // When footage exists, to select what to hold; no player, no purpose to state, no export.
            wait.until(d -> !d.findElements(By.cssSelector("#timeline .lane[data-camera=gate] .span")).isEmpty());
            assertFalse(driver.findElement(By.id("player-card")).isDisplayed(), "admins see no footage");
            assertFalse(driver.findElement(By.id("purpose")).isDisplayed());
            assertFalse(driver.findElement(By.id("export-card")).isDisplayed());
            assertFalse(driver.findElement(By.id("message")).isDisplayed(), "nothing refused on the way");
            selectEightSeconds(driver, wait);
            driver.findElement(By.id("hold-reason")).sendKeys(HOLD_REASON);
            driver.findElement(By.id("hold-case")).sendKeys(CASE);
            driver.findElement(By.id("hold-submit")).click();
            wait.until(d -> d.findElement(By.id("hold-done")).isDisplayed());
            wait.until(d -> !d.findElements(By.cssSelector("#holds li")).isEmpty());
            wait.until(d -> !d.findElements(By.cssSelector("#timeline .lane[data-camera=gate] .hold")).isEmpty());
            JsonNode holds = Http.json(olga.get("/api/v1/cameras/gate/holds?active=true"));
            assertEquals(1, holds.size(), holds.toString());
            assertEquals(Logins.ADMIN, holds.get(0).path("requester").asText());
            assertEquals(Duration.ofSeconds(8), Duration.between(Instant.parse(holds.get(0).path("from").asText()),
                    Instant.parse(holds.get(0).path("to").asText())), "the selected range is held");
            bothLanguagesAndPhone(browser, "journey-admin-hold");
        }
    }

    /** Selects 8 s of gate's first footage through the page's time fields (which make a dragged range exact). */
    private void selectEightSeconds(ChromeDriver driver, WebDriverWait wait) {
        DateTimeFormatter hms = DateTimeFormatter.ofPattern("HH:mm:ss");
        String from = LocalTime.ofInstant(firstFootage.plusSeconds(3), ZoneId.systemDefault()).format(hms);
        String to = LocalTime.ofInstant(firstFootage.plusSeconds(11), ZoneId.systemDefault()).format(hms);
        String setTime = "const e = document.getElementById(arguments[0]); e.value = arguments[1];"
                + " e.dispatchEvent(new Event('change'));";
        driver.executeScript(setTime, "sel-from", from);
        driver.executeScript(setTime, "sel-to", to);
        wait.until(d -> d.findElement(By.id("sel-length")).getText().startsWith("0:08")
                || d.findElement(By.id("sel-length")).getText().startsWith("8 s"));
    }

    private void auditorFindsTheJourneysAndVerifiesTheChain() throws Exception {
        Http anne = http.as(Logins.token(http, "anne", Logins.password("anne")));
        // The checkpoints come every 5 s in this test: wait for one that covers the operator's journey.
        waitUntil("a checkpoint", () -> Http.json(anne.get("/api/v1/audit/checkpoints")).size() > 0);
        try (Browser browser = new Browser(tmp, "1366,900")) {
            ChromeDriver driver = browser.driver;
            WebDriverWait wait = browser.waiting(30);
            JavascriptExecutor js = driver;
            browser.logInAndOpen(gateway.baseUrl(), "/audit", "anne", Logins.password("anne"));
            wait.until(d -> d.findElements(By.cssSelector("#entries tr")).size() > 5);

            // Each kind of entry the journeys made, found with the substring filter.
            Map<String, String> kinds = Map.of("live.start", LIVE_PURPOSE, "playback", PLAYBACK_PURPOSE,
                    "export", CASE, "legal_hold.set", HOLD_REASON, "camera.create", "gate", "user.create", "olga");
            for (var kind : kinds.entrySet()) {
                search(driver, wait, kind.getValue());
                wait.until(d -> d.findElements(By.cssSelector("#entries td code")).stream()
                        .anyMatch(c -> c.getText().equals(kind.getKey())));
            }
            search(driver, wait, LIVE_PURPOSE);
            String row = rowWith(driver, "live.start").getText();
            assertTrue(row.contains("Live meekijken begonnen") && row.contains("olga"), row);
            assertFalse(row.contains("purpose=default"), "a stated purpose is not the default: " + row);

            // The export of what is filtered holds only that.
            search(driver, wait, CASE);
            String csvLink = driver.findElement(By.id("export-csv")).getAttribute("href");
            assertTrue(csvLink.contains("q=" + CASE), csvLink);
            String csv = get(anne, csvLink.substring(gateway.baseUrl().length()));
            List<String> lines = csv.lines().skip(1).toList();
            assertFalse(lines.isEmpty());
            assertTrue(lines.stream().allMatch(l -> l.contains(CASE)), csv);

            // Chain verified.
            driver.findElement(By.id("verify")).click();
            WebElement result = wait.until(d -> {
                WebElement r = d.findElement(By.id("verify-result"));
                return r.getAttribute("class").contains("ok") ? r : null;
            });
            assertTrue(result.getText().startsWith("De keten is intact"), result.getText());
            bothLanguagesAndPhone(browser, "journey-audit-entries");

            // Switching language renders the table again: actions in English, without a reload.
            driver.findElement(By.id("lang-switch")).click();
            wait.until(d -> d.findElement(By.id("entries")).getText().contains("Export"));
            assertTrue(driver.findElement(By.tagName("h1")).getText().equals("Logs"));
            driver.findElement(By.id("lang-switch")).click();

            // The processing log, and from a line's trace back to its access-log entries.
            driver.findElement(By.id("tab-processing")).click();
            wait.until(d -> d.findElements(By.cssSelector("#processing tr")).size() > 0);
            String processing = driver.findElement(By.id("processing")).getText();
            assertTrue(processing.contains("Live meekijken") && processing.contains("Terugkijken")
                    && processing.contains("Exporteren"), processing);
            assertFalse(processing.contains("olga"), "the processing log names no users");
            WebElement trace = driver.findElement(By.cssSelector("#processing a[data-trace]"));
            String traceId = trace.getAttribute("data-trace");
            trace.click();
            wait.until(d -> d.findElement(By.id("panel-entries")).isDisplayed());
            wait.until(d -> d.findElements(By.cssSelector("#entries a[data-trace]")).stream()
                    .allMatch(a -> a.getAttribute("data-trace").equals(traceId))
                    && !d.findElements(By.cssSelector("#entries tr")).isEmpty());
            driver.findElement(By.id("tab-processing")).click();
            bothLanguagesAndPhone(browser, "journey-audit-processing");

            // Deletions: nothing is old enough to be purged in this test; the tab says so.
            driver.findElement(By.id("tab-deletions")).click();
            wait.until(d -> d.findElement(By.id("d-count")).getText().contains("Geen opnamen verwijderd"));
            bothLanguagesAndPhone(browser, "journey-audit-deletions");

            // Checkpoints with the fingerprint of the key that signs them.
            driver.findElement(By.id("tab-checkpoints")).click();
            wait.until(d -> d.findElements(By.cssSelector("#checkpoints tr")).size() > 0);
            String shown = driver.findElement(By.id("key-fingerprint")).getText().replace(" ", "");
            String pem = get(anne, "/api/v1/audit/public-key");
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der(pem))), shown);
            bothLanguagesAndPhone(browser, "journey-audit-checkpoints");

            // Every text exists in both languages.
            Object missing = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + " import('/ui/i18n.js').then(m => done(JSON.stringify(m.missingTexts())));");
            assertEquals("{\"en\":[],\"nl\":[]}", missing);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** Screenshots in Dutch and English, and at phone width (where the page may not be wider than the screen). */
    private static void bothLanguagesAndPhone(Browser browser, String name) throws Exception {
        ChromeDriver driver = browser.driver;
        browser.pageScreenshot(name + "-nl");
        driver.findElement(By.id("lang-switch")).click();
        browser.waiting(10).until(d -> "en".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
        browser.pageScreenshot(name + "-en");
        Dimension before = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(PHONE, 844));
        browser.waiting(10).until(d -> ((Number) ((JavascriptExecutor) d).executeScript("return innerWidth")).intValue() <= PHONE);
        browser.pageScreenshot(name + "-en-phone");
        driver.findElement(By.id("lang-switch")).click();
        browser.waiting(10).until(d -> "nl".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
        browser.pageScreenshot(name + "-phone");
        assertTrue(browser.pageWidth() <= PHONE, name + " on a phone is " + browser.pageWidth() + " px wide");
        WebElement logout = driver.findElement(By.id("logout"));
        Number right = (Number) ((JavascriptExecutor) driver).executeScript(
                "return arguments[0].getBoundingClientRect().right", logout);
        assertTrue(logout.isDisplayed() && right.doubleValue() <= PHONE, name + ": the logout button fits: " + right);
        driver.manage().window().setSize(before);
    }

    /** Searches the access log for a text and waits for that answer to be on screen. */
    private static void search(ChromeDriver driver, WebDriverWait wait, String text) {
        WebElement q = driver.findElement(By.id("f-q"));
        q.clear();
        q.sendKeys(text);
        String before = driver.findElement(By.id("entries")).getAttribute("data-answers");
        driver.findElement(By.id("search")).click();
        wait.until(d -> !String.valueOf(d.findElement(By.id("entries")).getAttribute("data-answers")).equals(before));
    }

    private static WebElement rowWith(ChromeDriver driver, String action) {
        return driver.findElements(By.cssSelector("#entries tr")).stream()
                .filter(tr -> tr.findElements(By.tagName("code")).stream().anyMatch(c -> c.getText().equals(action)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + action + " row"));
    }

    /** The oldest footage of gate, once at least {@code length} of it is recorded. */
    private Instant waitForFootage(Duration length) throws Exception {
        return Await.value(PATIENCE, length + " of footage", () -> {
            JsonNode segs = Http.json(olga.get("/api/v1/cameras/gate/recordings")).path("segments");
            if (segs.size() < 2) {
                return null;
            }
            Instant first = Instant.parse(segs.path(0).path("start").asText());
            Instant end = Instant.parse(segs.path(segs.size() - 1).path("end").asText());
            return Duration.between(first, end).compareTo(length) >= 0 ? first : null;
        });
    }

    private static Path waitForFile(Path dir, String suffix) throws Exception {
        return Await.value(PATIENCE, "a downloaded " + suffix, () -> {
            try (Stream<Path> files = Files.list(dir)) {
                Path found = files.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
                return found != null && Files.size(found) > 0 ? found : null;
            }
        });
    }

    private static byte[] publicKey(Http user) throws Exception {
        return der(get(user, "/api/v1/exports/public-key"));
    }

    private static byte[] der(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").strip());
    }

    private static String get(Http user, String path) {
        try {
            var r = user.get(path);
            assertEquals(200, r.statusCode(), path + ": " + r.body());
            return r.body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitUntil(String what, Await.Condition check) throws Exception {
        Await.until(PATIENCE, what, check);
    }
}
