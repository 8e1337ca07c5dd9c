package nl.poortwachter.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A live grid in Chromium for minutes on end (issue 13): the operator's /live page in a large layout, every tile's
 * player recording, for each picture shown, how long after it reached the gateway it was on screen (player.js,
 * {@code requestVideoFrameCallback}; one machine, one clock). The bench taps each player's {@code latencies.push}
 * and collects the values every minute (so the page never holds ten minutes of them), with each player's jumps to
 * the live edge ({@code skips}).
 */
final class GridLatency implements AutoCloseable {
    /** From now on every value each player pushes goes to window.__grid[camera] as well. */
    private static final String TAP = """
            window.__grid = {};
            for (const { camera, player } of window.poortwachterLive.players()) {
              window.__grid[camera] = [];
              const arr = player.latencies;
              const push = arr.push.bind(arr);
              arr.push = (...x) => { window.__grid[camera].push(...x); return push(...x); };
            }
            return Object.fromEntries(window.poortwachterLive.players().map(({ camera, player }) => [camera, player.skips || 0]));
            """;
    /** What was pushed since the last drain, and each player's jumps to the live edge so far. */
    private static final String DRAIN = """
            const out = {};
            for (const { camera, player } of window.poortwachterLive.players()) {
              out[camera] = { values: window.__grid[camera] || [], skips: player.skips || 0 };
              window.__grid[camera] = [];
            }
            return out;
            """;

    /** One tile over the whole run: latency to the screen in ms, and how often it jumped to the live edge. */
    record Tile(String camera, int samples, double p50, double p95, double max, long skips, double overOneSecondPercent) {
    }

    /** One minute of the run over all tiles. */
    record Minute(int minute, int samples, double p50, double p95, double max) {
    }

    record Result(int tiles, double seconds, List<Tile> perTile, List<Minute> perMinute, double p50, double p95,
                  double max, double overOneSecondPercent, double chromiumCpuPercent) {
    }

    private final Chromium browser;

    GridLatency(Path tmp) throws Exception {
        browser = new Chromium(tmp, "1920,1080");
    }

    void logIn(String base, String user, String password) {
        browser.logIn(base, user, password);
    }

    /** Opens /live (its layout is the user's preference), waits for every tile to show pictures, then measures. */
    @SuppressWarnings("unchecked")
    Result measure(String base, int tiles, int settleSeconds, int minutes) throws InterruptedException {
        browser.driver.get(base + "/live");
        JavascriptExecutor js = browser.driver;
        new WebDriverWait(browser.driver, Duration.ofSeconds(120)).until(d -> Boolean.TRUE.equals(js.executeScript(
                "const ps = window.poortwachterLive ? window.poortwachterLive.players() : [];"
                        + "return ps.length === arguments[0] && ps.every(p => p.player.latencies.length > 0);", tiles)));
        Thread.sleep(settleSeconds * 1000L);
        Map<String, Long> skipsAtStart = new LinkedHashMap<>();
        ((Map<String, Number>) js.executeScript(TAP)).forEach((camera, n) -> skipsAtStart.put(camera, n.longValue()));
        Map<String, List<Double>> all = new LinkedHashMap<>();
        Map<String, Long> skipsNow = new LinkedHashMap<>();
        List<Minute> perMinute = new ArrayList<>();
        long cpu0 = browser.cpuTicks();
        long start = System.nanoTime();
        for (int m = 1; m <= minutes; m++) {
            Thread.sleep(Math.max(0, start + m * 60_000_000_000L - System.nanoTime()) / 1_000_000);
            Map<String, Map<String, Object>> drained = (Map<String, Map<String, Object>>) js.executeScript(DRAIN);
            List<Double> minute = new ArrayList<>();
            for (var e : drained.entrySet()) {
                List<Double> values = ((List<Number>) e.getValue().get("values")).stream().map(Number::doubleValue).toList();
                all.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).addAll(values);
                minute.addAll(values);
                skipsNow.put(e.getKey(), ((Number) e.getValue().get("skips")).longValue());
            }
            minute.sort(Double::compare);
            perMinute.add(new Minute(m, minute.size(), BrowserLatency.at(minute, 0.5), BrowserLatency.at(minute, 0.95),
                    minute.isEmpty() ? Double.NaN : minute.get(minute.size() - 1)));
            Bench.log("grid minute " + m + ": " + perMinute.get(perMinute.size() - 1));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = LiveBench.pct(browser.cpuTicks() - cpu0, seconds);
        List<Tile> perTile = new ArrayList<>();
        List<Double> every = new ArrayList<>();
        for (var e : all.entrySet()) {
            List<Double> v = new ArrayList<>(e.getValue());
            v.sort(Double::compare);
            every.addAll(v);
            perTile.add(new Tile(e.getKey(), v.size(), BrowserLatency.at(v, 0.5), BrowserLatency.at(v, 0.95),
                    v.isEmpty() ? Double.NaN : v.get(v.size() - 1),
                    skipsNow.getOrDefault(e.getKey(), 0L) - skipsAtStart.getOrDefault(e.getKey(), 0L), over(v, 1000)));
        }
        every.sort(Double::compare);
        return new Result(tiles, seconds, perTile, perMinute, BrowserLatency.at(every, 0.5), BrowserLatency.at(every, 0.95),
                every.isEmpty() ? Double.NaN : every.get(every.size() - 1), over(every, 1000), cpu);
    }

    private static double over(List<Double> sorted, double limit) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        long n = sorted.stream().filter(x -> x > limit).count();
        return 100.0 * n / sorted.size();
    }

    @Override
    public void close() {
        browser.close();
    }
}
