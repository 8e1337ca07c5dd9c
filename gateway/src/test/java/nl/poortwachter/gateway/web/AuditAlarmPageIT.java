package nl.poortwachter.gateway.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import nl.poortwachter.gateway.Gateway;
import nl.poortwachter.gateway.audit.AuditFixture;
import nl.poortwachter.gateway.testing.AuditTrail;
import nl.poortwachter.gateway.testing.Browser;
import nl.poortwachter.gateway.testing.Http;
import nl.poortwachter.gateway.testing.Logins;
import nl.poortwachter.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The audit log's alarm in real headless Chromium (D48, D58, D88): after the tail of audit.db was cut while the
 * gateway was down, the status page shows the alarm (what was found, since when, what to do) to the integrator,
 * without sending him to the administration page, and to the administrator with the way there; the administrator
 * acknowledges it there with a reason (too short a reason is refused in the dialog), after which the status page
 * shows the log in order and the log records again.
 */
class AuditAlarmPageIT {
    private static final String REASON = "audit.db teruggezet uit de back-up van vannacht; incident 2026-17";

    @TempDir
    Path tmp;

    @Test
    void theStatusPageShowsTheAlarmAndTheAdministratorAcknowledgesIt() throws Exception {
        Path auditDb;
        long last;
        try (Gateway first = TestGateway.startAnchored(tmp)) {
            Http anonymous = new Http(first.baseUrl());
            Logins.user(anonymous, "ina", "integrator", List.of());
            last = new AuditTrail(Logins.user(anonymous, "audrey", "auditor", List.of())).lastSeq();
            auditDb = first.config().audit().file();
        }
        AuditFixture.tamper(auditDb, "DELETE FROM audit_entry WHERE seq >= " + (last - 2));

        try (Gateway gateway = TestGateway.startAnchored(tmp)) {
            String base = gateway.baseUrl();
            Http anonymous = new Http(base);
            JsonNode raised = Http.json(Logins.admin(anonymous).get("/api/v1/status")).path("audit").path("alarm");
            assertEquals("[\"cut\"]", raised.path("kinds").toString(), raised.toString());

            try (Browser browser = new Browser(tmp, "1366,900")) {
                ChromeDriver d = browser.driver;
                WebDriverWait wait = browser.waiting(60);
                browser.logInAndOpen(base, "/status", "ina", Logins.password("ina"));
                browser.onFailure("alarm-failed-integrator");
                WebElement alarm = wait.until(x -> x.findElement(By.id("audit-alarm")).isDisplayed()
                        ? x.findElement(By.id("audit-alarm")) : null);
                assertTrue(alarm.getText().contains("Het log is ingekort"), alarm.getText());
                assertTrue(alarm.getText().contains("Tot een beheerder het alarm erkent"), alarm.getText());
                assertTrue(d.findElement(By.id("audit")).getText().contains("alleen inloggen"),
                        d.findElement(By.id("audit")).getText());
                assertEquals("Er is iets dat aandacht vraagt.", d.findElement(By.id("overall")).getText());
                assertFalse(d.findElement(By.id("alarm-admin")).isDisplayed(), "only an administrator acknowledges");
                browser.pageScreenshot("alarm-status-nl");
                d.findElement(By.id("lang-switch")).click();
                wait.until(x -> x.findElement(By.id("audit-alarm")).getText().contains("The log was cut"));
                browser.pageScreenshot("alarm-status-en");
                d.findElement(By.id("lang-switch")).click();
                browser.passed();
            }

            try (Browser browser = new Browser(tmp, "1366,900")) {
                ChromeDriver d = browser.driver;
                WebDriverWait wait = browser.waiting(60);
                browser.logInAndOpen(base, "/status", Logins.ADMIN, Logins.ADMIN_PASSWORD);
                browser.onFailure("alarm-failed-admin");
                wait.until(x -> x.findElement(By.id("alarm-admin")).isDisplayed());
                d.findElement(By.cssSelector("#alarm-admin a")).click();
                wait.until(x -> x.getCurrentUrl().endsWith("/admin#audit-alarm"));
                wait.until(x -> x.findElement(By.id("audit-alarm")).isDisplayed()
                        && x.findElement(By.id("alarm-facts")).getText().contains("Het log is ingekort"));
                browser.pageScreenshot("alarm-admin-nl");

                d.findElement(By.id("alarm-ack")).click();
                wait.until(x -> x.findElement(By.id("dialog")).isDisplayed());
                d.findElement(By.id("d-alarm-reason")).sendKeys("kort");
                d.findElement(By.id("dialog-ok")).click();
                wait.until(x -> x.findElement(By.id("dialog-message")).isDisplayed());
                assertTrue(d.findElement(By.id("dialog")).isDisplayed(), "too short a reason acknowledges nothing");
                assertTrue(Http.json(anonymous.get("/health")).path("auditLog").path("alarm").isArray());
                d.findElement(By.id("d-alarm-reason")).clear();
                d.findElement(By.id("d-alarm-reason")).sendKeys(REASON);
                d.findElement(By.id("dialog-ok")).click();
                wait.until(x -> x.findElement(By.id("message")).getText().contains("Het alarm is erkend"));
                wait.until(x -> !x.findElement(By.id("audit-alarm")).isDisplayed());

                d.get(base + "/status");
                wait.until(x -> x.findElement(By.id("audit")).getText().contains("in orde"));
                assertFalse(d.findElement(By.id("audit-alarm")).isDisplayed(), "the alarm is gone from the page");
                browser.passed();
            }

            // The acknowledgement is an entry with the administrator's reason, and the log records again.
            assertEquals("UP", Http.json(anonymous.get("/health")).path("status").asText());
            Http integrator = anonymous.as(Logins.token(anonymous, "ina", Logins.password("ina")));
            assertEquals(201, integrator.post("/api/v1/cameras", TestGateway.camera("cam-1", "avg-building-security"))
                    .statusCode(), "changes are recorded again");
            AuditTrail trail = new AuditTrail(anonymous.as(Logins.token(anonymous, "audrey", Logins.password("audrey"))));
            JsonNode ack = trail.entriesAfter(0).stream().filter(e -> e.path("action").asText().equals("audit.acknowledge"))
                    .findFirst().orElseThrow(() -> new AssertionError("no acknowledgement entry"));
            assertEquals(Logins.ADMIN, ack.path("actorName").asText(), ack.toString());
            assertTrue(ack.path("detail").asText().contains(REASON), ack.toString());
        }
    }
}
