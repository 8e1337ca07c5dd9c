package nl.poortwachter.gateway.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.config.ConfigLoader;
import nl.poortwachter.gateway.config.GatewayConfig;
import nl.poortwachter.gateway.config.Overrides;
import nl.poortwachter.gateway.testing.Browser;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.CameraSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The playback page in real headless Chromium (Debian's chromium and chromedriver): log in, pick an instant,
 * and playback starts there (within a GOP); +10 s jumps ten seconds; the page switches to English.
 */
class PlaybackPageIT {
    @TempDir
    Path tmp;

    @Test
    void playbackStartsAtTheRequestedInstantAndJumps() throws Exception {
        try (CameraSimulator sim = CameraSimulator.start()) {
            GatewayConfig config = new ConfigLoader(Logins.ENV, tmp).parse(
                    TestGateway.LOOPBACK_CAMERAS + "recording: {segmentSeconds: 2}\ningest: {connectTimeoutSeconds: 2}\n" + Logins.FAST_AUTH,
                    "test.yaml", null, new Overrides(0, tmp.resolve("storage"), null));
            try (Gateway gateway = Gateway.start(config)) {
                Http http = new Http(gateway.baseUrl());
                Http integrator = Logins.user(http, "integrator", "integrator", List.of());
                ObjectNode cam = Http.JSON.createObjectNode();
                cam.put("id", "gate");
                cam.put("name", "Stationsplein");
                cam.put("url", sim.url(CameraSimulator.SMALL));
                cam.put("legalRegime", "avg-building-security");
                assertEquals(201, integrator.post("/api/v1/cameras", cam).statusCode());
                Logins.user(http, "agent", "police", List.of("gate"));
                // About 20 s of footage, so that an instant with 10 s after it exists.
                Instant first = Await.value(Duration.ofSeconds(60), "20 s of footage recorded", () -> {
                    JsonNode segs = Http.json(integrator.get("/api/v1/cameras/gate/recordings")).path("segments");
                    if (segs.size() < 2) {
                        return null;
                    }
                    Instant start = Instant.parse(segs.path(0).path("start").asText());
                    Instant end = Instant.parse(segs.path(segs.size() - 1).path("end").asText());
                    return Duration.between(start, end).getSeconds() >= 20 ? start : null;
                });
                Instant at = first.plusMillis(5_500);
                browse(gateway.baseUrl(), at);
            }
        }
    }

    /** The moment playing now, or null while the player has none (seeking). */
    private static Instant playingDate(JavascriptExecutor js) {
        String date = (String) js.executeScript("return window.playbackState().playingDate");
        return date == null ? null : Instant.parse(date);
    }

    /** The playing moment once it is more than 3 s away from {@code from}: further than playing moves in a poll. */
    private static Instant jumpFrom(WebDriverWait wait, JavascriptExecutor js, Instant from) {
        return wait.until(d -> {
            Instant now = playingDate(js);
            return now != null && Math.abs(Duration.between(from, now).toMillis()) > 3_000 ? now : null;
        });
    }

    private void browse(String base, Instant at) throws Exception {
        try (Browser browser = new Browser(tmp, "1280,900")) {
            ChromeDriver driver = browser.driver;
            WebDriverWait wait = browser.waiting(30);
            browser.logInAndOpen(base, "/playback", "agent", Logins.password("agent"));
            wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
            assertEquals("Opnamen terugkijken", driver.findElement(By.tagName("h1")).getText(), "Dutch by default");
            wait.until(d -> !d.findElements(By.cssSelector("#timeline .span")).isEmpty());
            driver.findElement(By.id("purpose")).sendKeys("controle incident");
            JavascriptExecutor js = driver;
            js.executeScript("window.playAt(arguments[0])", at.toString());
            Instant startedAt = Instant.parse((String) wait.until(d -> js.executeScript(
                    "const s = window.playbackState(); return s.playingDate && !s.paused ? s.playingDate : null;")));
            long offBy = Duration.between(at, startedAt).toMillis();
            assertTrue(offBy > -1_100 && offBy < 1_600, "playback starts at the instant asked for (±1 GOP): "
                    + startedAt + " for " + at);
            // Each button's jump is seen as the first moment that moved by more than playing could in a poll.
            Instant before = wait.until(d -> playingDate(js));
            driver.findElement(By.id("fwd")).click();
            Instant after = jumpFrom(wait, js, before);
            long jumped = Duration.between(before, after).toMillis();
            assertTrue(jumped > 9_000 && jumped < 13_500, "+10 s jumps about ten seconds: " + jumped + " ms");
            driver.findElement(By.id("back")).click();
            Instant back = jumpFrom(wait, js, after);
            long backed = Duration.between(after, back).toMillis();
            assertTrue(backed < -7_000 && backed > -11_000, "−10 s goes back about ten seconds: " + backed + " ms");
            browser.screenshot("playback");

            // The day picker: a week ago there was no footage (this test made all of it), today has it again.
            String today = (String) js.executeScript("return document.getElementById('day').value");
            String setDay = "const d = document.getElementById('day'); d.value = arguments[0];"
                    + " d.dispatchEvent(new Event('change'));";
            js.executeScript(setDay, java.time.LocalDate.parse(today).minusDays(7).toString());
            wait.until(d -> d.findElements(By.cssSelector("#timeline .span")).isEmpty());
            js.executeScript(setDay, today);
            wait.until(d -> !d.findElements(By.cssSelector("#timeline .span")).isEmpty());
            driver.findElement(By.id("lang-switch")).click();
            assertEquals("Play back recordings", driver.findElement(By.tagName("h1")).getText());
            browser.screenshot("playback-en");
        }
    }
}
