package nl.poortwachter.gateway.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.config.ConfigLoader;
import nl.poortwachter.gateway.config.GatewayConfig;
import nl.poortwachter.gateway.config.Overrides;
import nl.poortwachter.gateway.testing.Browser;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import nl.poortwachter.recorder.testing.CameraSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live pages in real headless Chromium (Debian's chromium and chromedriver) against a gateway recording the
 * simulator: the grid shows the operator's cameras; a live tile plays (time advances, the picture is the
 * stream's width); an offline camera shows why instead of a spinner; an H.265 passthrough camera says the browser
 * cannot show it; the camera page shows its details and plays; English is switchable; it fits 1366×768 and a
 * phone. Screenshots go to target/screenshots.
 */
class LivePageIT {
    @TempDir
    Path tmp;

    @Test
    void gridAndCameraPagePlayLiveAndExplainWhatDoesNot() throws Exception {
        try (CameraSimulator sim = CameraSimulator.start()) {
            GatewayConfig config = new ConfigLoader(Logins.ENV, tmp).parse(
                    TestGateway.LOOPBACK_CAMERAS + "recording: {segmentSeconds: 2}\ningest: {connectTimeoutSeconds: 2}\n"
                            + "passthrough: {allowCameras: [gate, hevc]}\n" + Logins.FAST_AUTH,
                    "test.yaml", null, new Overrides(0, tmp.resolve("storage"), null));
            try (Gateway gateway = Gateway.start(config)) {
                Http http = new Http(gateway.baseUrl());
                Http integrator = Logins.user(http, "integrator", "integrator", List.of());
                add(integrator, "gate", "Stationsplein", sim.url(CameraSimulator.SMALL), "passthrough");
                add(integrator, "hevc", "Parkeergarage", sim.url(CameraSimulator.H265), "passthrough");
                // Its sub-stream (D89), which grids of 9 and 16 ask for: H.264, which Chromium plays.
                ObjectNode hevc = (ObjectNode) Http.json(integrator.get("/api/v1/cameras/hevc"));
                hevc.remove(List.of("status", "credentials"));
                hevc.set("subStream", Http.JSON.createObjectNode().put("url", sim.url(CameraSimulator.SMALL)));
                var sub = integrator.put("/api/v1/cameras/hevc", hevc);
                assertEquals(200, sub.statusCode(), sub.body());
                add(integrator, "dark", "Havenkade", "rtsp://127.0.0.1:" + CameraSimulator.freePort() + "/x", null);
                Logins.user(http, "olga", "operator", List.of("gate", "hevc", "dark"));
                browse(gateway.baseUrl());
            }
        }
    }

    static void add(Http integrator, String id, String name, String url, String mode) throws Exception {
        ObjectNode cam = Http.JSON.createObjectNode();
        cam.put("id", id);
        cam.put("name", name);
        cam.put("location", "Locatie " + id);
        cam.put("url", url);
        if (mode != null) {
            cam.put("mode", mode);
        }
        cam.put("legalRegime", "avg-building-security");
        var r = integrator.post("/api/v1/cameras", cam);
        assertEquals(201, r.statusCode(), r.body());
    }

    private void browse(String base) throws Exception {
        try (Browser browser = new Browser(tmp, "1366,768")) {
            ChromeDriver driver = browser.driver;
            WebDriverWait wait = browser.waiting(40);
            JavascriptExecutor js = driver;
            browser.logInAndOpen(base, "/live", "olga", Logins.password("olga"));
            browser.answerLivePurpose(null); // the standard purpose; the tab keeps it for the camera page
            wait.until(d -> d.findElements(By.cssSelector("figure.tile")).size() == 3);
            assertEquals("Live meekijken", driver.findElement(By.tagName("h1")).getText(), "Dutch by default");

            // The live tile plays: time advances and the picture is the stream's.
            String gate = "document.querySelector('figure[data-camera=gate] video')";
            wait.until(d -> ((Number) js.executeScript("return " + gate + ".currentTime")).doubleValue() > 0.5);
            // Live time advances, at more than 0.6 s of video a second (the bound two seconds' watching used to set).
            double t1 = ((Number) js.executeScript("return " + gate + ".currentTime")).doubleValue();
            long watched = System.nanoTime();
            wait.until(d -> ((Number) js.executeScript("return " + gate + ".currentTime")).doubleValue() > t1 + 1.2);
            double seconds = (System.nanoTime() - watched) / 1e9;
            assertTrue(1.2 / seconds > 0.6, "live time advances too slowly: 1.2 s of video took " + seconds + " s");
            assertEquals(640L, js.executeScript("return " + gate + ".videoWidth"));
            WebElement gateTile = driver.findElement(By.cssSelector("figure[data-camera=gate]"));
            wait.until(d -> "playing".equals(gateTile.getAttribute("data-player")));
            assertTrue(!gateTile.findElement(By.className("tile-message")).isDisplayed(), "no overlay on a playing tile");

            // The unreachable camera says it is offline and why, instead of spinning forever.
            WebElement dark = driver.findElement(By.cssSelector("figure[data-camera=dark]"));
            wait.until(d -> "offline".equals(dark.getAttribute("data-state")));
            String darkText = dark.findElement(By.className("tile-message")).getText();
            assertTrue(darkText.startsWith("Offline:") && darkText.length() > "Offline: ".length(), darkText);

            // H.265 passthrough: Chromium (without a hardware decoder) cannot play it; the tile says so.
            WebElement hevc = driver.findElement(By.cssSelector("figure[data-camera=hevc]"));
            boolean hevcPlayable = (Boolean) js.executeScript(
                    "return !!window.MediaSource && MediaSource.isTypeSupported('video/mp4; codecs=\"hvc1.1.6.L93.B0\"')");
            if (hevcPlayable) {
                wait.until(d -> "playing".equals(hevc.getAttribute("data-player")));
            } else {
                wait.until(d -> "unsupported".equals(hevc.getAttribute("data-player")));
                String text = hevc.findElement(By.className("tile-message")).getText();
                assertTrue(text.contains("H.265") && text.contains("hvc1"), text);
            }
            assertNoHorizontalScroll(js, "grid at 1366x768");
            browser.screenshot("live-grid");

            // Keyboard: the camera names are links in tab order; each video has a label.
            WebElement link = gateTile.findElement(By.cssSelector("figcaption a"));
            assertEquals("Stationsplein", link.getText());
            assertTrue(gateTile.findElement(By.tagName("video")).getAttribute("aria-label").contains("Stationsplein"));

            driver.findElement(By.id("lang-switch")).click();
            assertEquals("Live view", driver.findElement(By.tagName("h1")).getText());
            wait.until(d -> dark.findElement(By.className("tile-message")).getText().startsWith("Offline:"));
            browser.screenshot("live-grid-en");

            // A grid of 9 asks every tile for its camera's sub-stream: the H.265 camera's H.264 sub-stream plays, with
            // a badge that says so; a camera without one plays its main stream (the gateway says which it serves).
            driver.findElement(By.cssSelector("button[data-layout='9']")).click();
            wait.until(d -> "sub".equals(hevc.getAttribute("data-stream")) && "playing".equals(hevc.getAttribute("data-player")));
            wait.until(d -> ((Number) js.executeScript(
                    "return document.querySelector('figure[data-camera=hevc] video').videoWidth")).intValue() == 640);
            WebElement subBadge = hevc.findElement(By.cssSelector("figcaption .stream"));
            assertTrue(subBadge.isDisplayed(), "the tile shows it plays the sub-stream");
            assertTrue(subBadge.getAttribute("title").contains("sub-stream"), subBadge.getAttribute("title"));
            wait.until(d -> "main".equals(gateTile.getAttribute("data-stream")));
            assertTrue(!gateTile.findElement(By.cssSelector("figcaption .stream")).isDisplayed());
            browser.screenshot("live-grid-9-substream");

            // The camera page: large live view, details, a link to its recordings.
            link.click();
            wait.until(d -> d.getCurrentUrl().contains("/camera?id=gate"));
            wait.until(d -> ((Number) js.executeScript("return document.getElementById('video').currentTime")).doubleValue() > 0.5);
            wait.until(d -> d.findElement(By.id("resolution")).getText().contains("640"));
            assertEquals("640 × 360", driver.findElement(By.id("resolution")).getText());
            assertTrue(driver.findElement(By.id("codec")).getText().startsWith("H264"), driver.findElement(By.id("codec")).getText());
            assertTrue(driver.findElement(By.id("recordings")).getAttribute("href").endsWith("/playback?camera=gate"));
            wait.until(d -> d.findElement(By.id("latency")).getText().endsWith("ms"));
            // Past the start, when the player catches up with the live edge: a hundred pictures shown (4 s).
            wait.until(d -> ((Number) js.executeScript(
                    "return window.poortwachterLive.players()[0].player.latencies.length")).intValue() >= 100);
            @SuppressWarnings("unchecked")
            List<Number> latencies = (List<Number>) js.executeScript("return window.poortwachterLive.players()[0].player.latencies");
            assertTrue(!latencies.isEmpty(), "the page measures the latency of shown pictures");
            // Each shown picture is matched to its own arrival: none can be shown before it reached the gateway.
            assertTrue(latencies.stream().allMatch(l -> l.doubleValue() >= 0), "a picture shown before it arrived: " + latencies);
            System.out.println("live latency (ms, arrival at gateway -> shown, passthrough 640x360): " + latencies);
            browser.screenshot("live-camera");

            // A phone: one column, nothing wider than the screen.
            driver.manage().window().setSize(new Dimension(390, 844));
            driver.get(base + "/live");
            wait.until(d -> d.findElements(By.cssSelector("figure.tile")).size() == 3);
            assertNoHorizontalScroll(js, "grid on a phone");
            browser.screenshot("live-grid-phone");
        }
    }

    static void assertNoHorizontalScroll(JavascriptExecutor js, String what) {
        Number scroll = (Number) js.executeScript("return document.documentElement.scrollWidth");
        Number client = (Number) js.executeScript("return document.documentElement.clientWidth");
        assertTrue(scroll.longValue() <= client.longValue(), what + ": page " + scroll + " px wide in a " + client + " px window");
    }
}
