package nl.poortwachter.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.poortwachter.recorder.testing.Await;
import nl.poortwachter.recorder.testing.CameraSimulator;
import nl.poortwachter.recorder.testing.ProjectFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The README's first contact, followed literally: (1) {@code src/dist/run}, reading the one-time code from its output;
 * (2) open the gateway's address in a browser, which leads to the first-run page: the code, the administrator's
 * password, an integrator account; (3) on the camera page that follows, test a camera (the simulator), see its
 * picture, save it — and it records. Only the port and the storage folder are the test's own (tests never use fixed
 * ports or the repository's ./data). A restart then says nothing about "no cameras".
 */
class FirstContactIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "Beheerder-Kiest-Zelf-1";
    private static final String INTEGRATOR_PASSWORD = "Camera-Inrichter-Kiest-2";

    @TempDir
    Path tmp;

    private Process run(int port, Path log) throws IOException {
        Path root = ProjectFiles.root();
        ProcessBuilder pb = new ProcessBuilder(root.resolve("src/dist/run").toString(), "--port", Integer.toString(port),
                "--storage", tmp.resolve("data").toString()).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().remove("POORTWACHTER_ADMIN_PASSWORD");
        pb.environment().put("JAVA_OPTS", "-Xss512k -Xmx512m");
        return pb.start();
    }

    /** One of this machine's addresses that is not loopback, link-local or multicast, IPv4 first. */
    private static String networkAddress() throws SocketException {
        List<InetAddress> found = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (!a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isMulticastAddress()
                            && !a.isAnyLocalAddress()) {
                        found.add(a);
                    }
                }
            }
        }
        found.sort(Comparator.comparing(a -> a instanceof Inet6Address));
        if (found.isEmpty()) {
            throw new AssertionError("this machine has no network address besides loopback; the first contact needs"
                    + " a camera at one (a gateway on its defaults refuses loopback cameras)");
        }
        String text = found.get(0).getHostAddress();
        int zone = text.indexOf('%');
        return zone < 0 ? text : text.substring(0, zone);
    }

    private static String waitFor(Path log, Pattern pattern, Process p) throws Exception {
        return Await.value(Duration.ofMinutes(4), () -> "not in the output: " + pattern + "\n" + Files.readString(log), () -> {
            String text = Files.exists(log) ? Files.readString(log) : "";
            Matcher m = pattern.matcher(text);
            if (m.find()) {
                return m.groupCount() > 0 ? m.group(1) : m.group();
            }
            if (!p.isAlive()) {
                throw new AssertionError("the gateway exited: " + text);
            }
            return null;
        });
    }

    private static void stop(Process p) throws InterruptedException {
        p.toHandle().destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    @Test
    void readmeLeadsToARecordedCameraInThreeSteps() throws Exception {
        // On its default settings the gateway refuses a camera on its own loopback address (D49), as it should: the
        // simulator plays the camera on this machine's network address, where a real camera would be.
        try (CameraSimulator sim = CameraSimulator.startOn(networkAddress())) {
            int port = CameraSimulator.freePort();
            Path log = tmp.resolve("first.log");
            Process gateway = run(port, log);
            String base = "http://127.0.0.1:" + port;
            try {
                // Step 1: the one-time code, as the console shows it.
                String code = waitFor(log, Pattern.compile("one_time_password=(\\S+)"), gateway);
                waitFor(log, Pattern.compile("first start: open " + Pattern.quote(base) + "/ in a browser"), gateway);
                assertFalse(Files.readString(log).contains("curl"), "no shell command to copy");

                ChromeDriver d = browser();
                try {
                    WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(90));
                    // Step 2: the address leads to the first-run page.
                    d.get(base);
                    wait.until(x -> x.getCurrentUrl().endsWith("/setup") && x.findElement(By.id("setup-form")).isDisplayed());
                    shot(d, "first-contact-setup-nl");
                    d.findElement(By.id("lang-switch")).click();
                    wait.until(x -> x.findElement(By.cssSelector("#setup-form h1")).getText().equals("First start"));
                    shot(d, "first-contact-setup-en");
                    d.findElement(By.id("lang-switch")).click();
                    wait.until(x -> x.findElement(By.cssSelector("#setup-form h1")).getText().equals("Eerste start"));
                    d.findElement(By.id("code")).sendKeys(code);
                    d.findElement(By.id("admin-password")).sendKeys(ADMIN_PASSWORD);
                    d.findElement(By.id("admin-password2")).sendKeys(ADMIN_PASSWORD);
                    d.findElement(By.id("integrator-name")).clear();
                    d.findElement(By.id("integrator-name")).sendKeys("installateur");
                    d.findElement(By.id("integrator-password")).sendKeys(INTEGRATOR_PASSWORD);
                    d.findElement(By.id("integrator-password2")).sendKeys(INTEGRATOR_PASSWORD);
                    d.findElement(By.id("setup-submit")).click();

                    // Step 3: straight on to adding the first camera: test, picture, save.
                    wait.until(x -> x.getCurrentUrl().endsWith("/cameras?add=1") && x.findElement(By.id("camera-form")).isDisplayed());
                    d.findElement(By.id("f-url")).sendKeys(sim.url(CameraSimulator.SMALL));
                    d.findElement(By.id("test")).click();
                    wait.until(x -> x.findElement(By.id("test-verdict")).getAttribute("class").contains("ok"));
                    wait.until(x -> ((Number) ((JavascriptExecutor) x).executeScript(
                            "return document.getElementById('test-picture').naturalWidth")).intValue() > 0);
                    d.findElement(By.id("f-name")).sendKeys("Eerste camera");
                    new Select(d.findElement(By.id("f-regime"))).selectByValue("avg-building-security");
                    shot(d, "first-contact-camera");
                    d.findElement(By.id("save")).click();
                    By row = By.cssSelector("tr[data-camera=eerste-camera]");
                    wait.until(x -> !x.findElements(row).isEmpty() && x.findElement(row).getText().toLowerCase().contains("neemt op"));
                    shot(d, "first-contact-recording");
                } catch (RuntimeException | AssertionError e) {
                    shot(d, "first-contact-failed");
                    throw e;
                } finally {
                    d.quit();
                }

                // It records: complete segments in the index, files on disk.
                String token = token(base, "installateur", INTEGRATOR_PASSWORD);
                awaitFootage(base, token, "eerste-camera");
                assertEquals(401, status(base, "admin", code), "the one-time code is spent");
                assertEquals(200, status(base, "admin", ADMIN_PASSWORD));
            } finally {
                stop(gateway);
            }

            // A restart with the camera added through the page (none in the file): no "no cameras" hint.
            Path again = tmp.resolve("again.log");
            Process restarted = run(CameraSimulator.freePort(), again);
            try {
                String started = waitFor(again, Pattern.compile("msg=\"gateway started\".*"), restarted);
                assertTrue(started.contains("cameras=1"), started);
            } finally {
                stop(restarted);
            }
            // The whole output, to its last line (the gateway has stopped): no hint anywhere in it.
            String text = Files.readString(again);
            assertTrue(text.contains("msg=\"gateway stopped\""), "the output is complete: " + text);
            assertFalse(text.contains("no cameras"), text);
            assertFalse(text.contains("first start:"), text);
        }
    }

    private static ChromeDriver browser() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1366,900", "--user-data-dir=" + Files.createTempDirectory("chrome-first-contact"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort()
                .withEnvironment(Map.of("SE_OFFLINE", "true")).build();
        return new ChromeDriver(service, options);
    }

    private static void shot(ChromeDriver d, String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), d.getScreenshotAs(OutputType.BYTES));
    }

    private static String token(String base, String user, String password) throws Exception {
        HttpResponse<String> r = post(base + "/api/v1/auth/token", Map.of("username", user, "password", password));
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("token").asText();
    }

    private static int status(String base, String user, String password) throws Exception {
        return post(base + "/api/v1/auth/token", Map.of("username", user, "password", password)).statusCode();
    }

    private static HttpResponse<String> post(String url, Object body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until the camera has footage in the index: a segment with a durable fragment. */
    private static void awaitFootage(String base, String token, String camera) throws Exception {
        Await.until(Duration.ofSeconds(150), "footage of " + camera + " indexed", () -> {
            String from = URLEncoder.encode(Instant.now().minusSeconds(600).toString(), StandardCharsets.UTF_8);
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    base + "/api/v1/cameras/" + camera + "/recordings?from=" + from)).header("Authorization", "Bearer " + token)
                    .build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode s : JSON.readTree(r.body()).path("segments")) {
                // A segment being written counts: its fragments are durable (segments are a minute by default).
                if (s.path("bytes").asLong() > 0 && s.path("seekPoints").asInt() > 0) {
                    return true;
                }
            }
            return false;
        });
    }
}
