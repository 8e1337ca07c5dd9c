package nl.poortwachter.gateway.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.testing.Browser;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.RegisterImports;
import nl.poortwachter.gateway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The register's pages in real headless Chromium: an integrator imports Utrecht's inventory (the dry run shown first,
 * changing nothing, then applied), and anyone reads the public register without logging in, in Dutch and English,
 * without a stream or credential on the page. Screenshots go to target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegisterPageIT {
    private static final String CAMERA_PASSWORD = "Camera-Wachtwoord-Geheim-77";
    @TempDir
    static Path tmp;
    private Gateway gateway;
    private Http integrator;

    @BeforeAll
    void start() throws Exception {
        gateway = TestGateway.start(tmp, "register:\n  responsibleBody: Gemeente Utrecht\n");
        integrator = Logins.user(new Http(gateway.baseUrl()), "ina", "integrator", List.of());
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private int entryCount() throws Exception {
        return Http.json(integrator.get("/api/v1/register/entries")).path("count").asInt();
    }

    @Test
    void theImportPageShowsTheDryRunAndThenAppliesIt() throws Exception {
        Path file = tmp.resolve("utrecht-inventaris.csv");
        Files.write(file, RegisterImports.utrecht());
        int before = entryCount();
        try (Browser browser = new Browser(tmp, "1400,1000")) {
            browser.logInAndOpen(gateway.baseUrl(), "/register/import", "ina", Logins.password("ina"));
            browser.waiting(20).until(d -> !d.findElements(By.id("file")).isEmpty());
            browser.driver.findElement(By.id("file")).sendKeys(file.toString());
            browser.driver.findElement(By.id("dry-run")).click();
            browser.waiting(30).until(d -> d.findElement(By.id("summary")).getText().contains("22 nieuw"));
            assertEquals(22, browser.driver.findElements(By.cssSelector("#rows tr[data-action=create]")).size());
            assertTrue(browser.driver.findElement(By.id("no-problems")).isDisplayed());
            assertTrue(browser.driver.findElement(By.id("rows")).getText().contains("Café De Poort, terras"));
            WebElement apply = browser.driver.findElement(By.id("apply"));
            assertTrue(apply.isEnabled());
            assertEquals(before, entryCount(), "the dry run changed nothing");
            browser.screenshot("register-import-dry-run");

            apply.click();
            browser.waiting(30).until(d -> d.findElement(By.id("status")).getText().contains("Toegepast: 22"));
            assertEquals(before + 22, entryCount());
            assertFalse(browser.driver.findElement(By.id("apply")).isEnabled(), "applied once");
            browser.screenshot("register-import-applied");

            browser.driver.get(gateway.baseUrl() + "/register");
            browser.waiting(20).until(d -> d.findElements(By.cssSelector("#entries tr")).size() == before + 22);
            browser.screenshot("register-list");

            // The council overview counts what was imported: Utrecht's 12 Hikvision and 10 Dahua cameras.
            browser.driver.get(gateway.baseUrl() + "/register/overview");
            browser.waiting(20).until(d -> d.findElement(By.id("by-vendor")).getText().contains("Dahua"));
            String vendors = browser.driver.findElement(By.id("by-vendor")).getText();
            assertTrue(vendors.contains("Hikvision\n12") || vendors.contains("Hikvision 12"), vendors);
            assertTrue(vendors.contains("Dahua\n10") || vendors.contains("Dahua 10"), vendors);
            assertTrue(browser.driver.findElement(By.id("by-network")).getText().contains("gesloten"));
            browser.screenshot("register-overview");
        }
    }

    @Test
    void thePublicPageListsOnlyPublicCamerasWithoutStreamOrCredentialInBothLanguages() throws Exception {
        ObjectNode camera = Http.JSON.createObjectNode().put("id", "ledig-erf-1").put("name", "Ledig Erf")
                .put("url", "rtsp://10.20.1.15:554/cam/realmonitor?channel=1&subtype=0").put("username", "cam-gebruiker-x7")
                .put("password", CAMERA_PASSWORD).put("legalRegime", "gemeentewet-151c").put("location", "Ledig Erf")
                .put("vendor", "Axis").put("recording", false);
        assertEquals(201, integrator.post("/api/v1/cameras", camera).statusCode());
        JsonNode entry = Http.json(integrator.get("/api/v1/register/entries?q=ledig-erf-1")).path("entries").get(0);
        ObjectNode published = ((ObjectNode) entry.deepCopy()).put("public", true).put("purpose", "Toezicht terrassen")
                .put("department", "Openbare Orde en Veiligheid").put("retentionDays", 14);
        assertEquals(200, integrator.put("/api/v1/register/entries/" + entry.path("id").asText(), published).statusCode());
        ObjectNode hidden = Http.JSON.createObjectNode().put("key", "verborgen-1").put("location", "Binnenplaats stadhuis")
                .put("public", false);
        assertEquals(201, integrator.post("/api/v1/register/entries", hidden).statusCode());

        try (Browser browser = new Browser(tmp, "390,844")) {
            browser.driver.get(gateway.baseUrl() + "/register/public");
            browser.waiting(20).until(d -> d.findElements(By.cssSelector("#cameras tr")).size() == 1);
            String text = browser.driver.findElement(By.tagName("body")).getText();
            assertTrue(text.contains("Ledig Erf"), text);
            assertTrue(text.contains("Toezicht terrassen"), text);
            assertTrue(text.contains("Gemeente Utrecht, Openbare Orde en Veiligheid"), text);
            assertTrue(text.contains("14 dagen"), text);
            assertFalse(text.contains("Binnenplaats stadhuis"), "a camera that did not opt in");
            assertFalse(text.contains("Axis"), "register.publicVendor is false by default: no vendor shown");
            assertFalse(new Http(gateway.baseUrl()).get("/api/v1/public/cameras").body().contains("Axis"),
                    "nor in the public JSON");
            String source = browser.driver.getPageSource();
            for (String secret : List.of("rtsp", "10.20.1.15", "realmonitor", "cam-gebruiker-x7", CAMERA_PASSWORD)) {
                assertFalse(source.contains(secret) || text.contains(secret), secret + " on the public page");
            }
            assertEquals(List.of(), browser.driver.findElements(By.id("logout")), "no session, no account controls");
            browser.screenshot("register-public-nl");

            browser.driver.findElement(By.id("lang-switch")).click();
            browser.waiting(10).until(d -> d.findElement(By.id("heading")).getText().equals("Public camera register"));
            assertTrue(browser.driver.findElement(By.id("cameras")).getText().contains("14 days"));
            browser.screenshot("register-public-en");
        }
    }
}
