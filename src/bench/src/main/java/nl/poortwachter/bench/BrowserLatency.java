package nl.poortwachter.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Latency to the screen: Debian's headless Chromium (the flags of the gateway's page tests) opens the camera page,
 * whose player records, for every picture shown, "now − the time the picture reached the gateway" (player.js,
 * {@code requestVideoFrameCallback}; browser and gateway share this machine's clock). The player keeps only its
 * last 200 values, so the bench taps its {@code latencies.push} to get every value of the measured stretch.
 */
final class BrowserLatency implements AutoCloseable {
    /** Records every value the player pushes from now on into window.__benchLatencies. */
    private static final String TAP = """
            const p = window.poortwachterLive.players()[0].player;
            window.__benchLatencies = [];
            const arr = p.latencies;
            const push = arr.push.bind(arr);
            arr.push = (...x) => { window.__benchLatencies.push(...x); return push(...x); };
            """;

    private final Chromium browser;
    private final ChromeDriver driver;

    BrowserLatency(Path tmp) throws Exception {
        browser = new Chromium(tmp, "1366,768");
        driver = browser.driver;
    }

    void logIn(String base, String user, String password) {
        browser.logIn(base, user, password);
    }

    /** What the page measured for one camera. */
    record Result(String camera, int samples, double min, double p50, double p95, double max, String codec) {
    }

    /**
     * Opens /camera?id=..., waits for pictures, lets the player settle on the live edge, then collects every
     * latency the player measures for {@code seconds}.
     */
    Result measure(String base, String camera, int settleSeconds, int seconds) throws InterruptedException {
        driver.get(base + "/camera?id=" + camera);
        JavascriptExecutor js = driver;
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> Boolean.TRUE.equals(js.executeScript(
                "const p = window.poortwachterLive && window.poortwachterLive.players()[0];"
                        + "return !!p && p.player.latencies.length > 0;")));
        Thread.sleep(settleSeconds * 1000L);
        js.executeScript(TAP);
        Thread.sleep(seconds * 1000L);
        @SuppressWarnings("unchecked")
        List<Number> raw = (List<Number>) js.executeScript("return window.__benchLatencies;");
        Object codec = js.executeScript("return window.poortwachterLive.players()[0].player.codec;");
        List<Double> values = new ArrayList<>();
        for (Number n : raw) {
            values.add(n.doubleValue());
        }
        values.sort(Double::compare);
        return new Result(camera, values.size(), values.isEmpty() ? Double.NaN : values.get(0), at(values, 0.50), at(values, 0.95),
                values.isEmpty() ? Double.NaN : values.get(values.size() - 1), String.valueOf(codec));
    }

    static double at(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1));
    }

    @Override
    public void close() {
        browser.close();
    }
}
