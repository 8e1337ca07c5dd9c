package nl.poortwachter.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log looks at itself at start-up (issue 10 item 4): a tail cut while the gateway was down (the newest signed
 * checkpoint vouches for entries that are gone) or a chain recomputed after an edit raises an alarm, written into the
 * chain; the chain goes on after the checkpoint, never reusing a sequence number, so verification still names the
 * first missing entry; and nothing but logins is recorded until an administrator acknowledges the alarm, which is an
 * entry too and hides nothing from verification. Ten entries with checkpoints at 4, 8 and 10.
 */
class LogAlarmTest {
    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("audit.db");
    }

    private static AuditContext integrator() {
        return AuditFixture.ctx("ina", "integrator");
    }

    private static AuditContext admin() {
        return AuditFixture.ctx("root", "admin");
    }

    private AuditFixture reopen() throws Exception {
        return new AuditFixture(dir, Clock.systemUTC(), 4);
    }

    @Test
    void aCutTailRaisesTheAlarmAndTheChainGoesOnAfterTheCheckpointNotInTheGap() throws Exception {
        AuditFixture.tenEntries(dir).close();
        AuditFixture.tamper(db(), "DELETE FROM audit_entry WHERE seq > 7");
        try (AuditFixture f = reopen()) {
            LogAlarm alarm = f.writer.alarm();
            assertNotNull(alarm, "a log shorter than its checkpoint is an alarm");
            assertEquals(LogAlarm.CUT, alarm.problems().get(0).kind());
            assertTrue(alarm.summary().contains("entries 8 to 10 are missing"), alarm.summary());

            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> f.log.camera(integrator(), "camera.update", "cam-1", AuditLog.OK, null).get());
            assertInstanceOf(AuditUnavailableException.class, refused.getCause());
            assertInstanceOf(LogAlarmException.class, refused.getCause().getCause());

            // Logins go on (an administrator must get in), numbered after what the checkpoint vouches for.
            AuditEntry login = f.log.loginSucceeded(admin(), "s1").get();
            assertEquals(12, login.seq(), "11 is the alarm; 8 to 10 stay missing");
            AuditEntry raised = f.store.entry(11).orElseThrow();
            assertEquals(LogEvents.ALARM, raised.action());
            assertEquals(AuditLog.ERROR, raised.result());
            assertTrue(raised.detail().startsWith("kind=cut "), raised.detail());

            VerifyReport r = f.verify();
            assertFalse(r.ok());
            assertEquals(8L, r.firstBadSeq(), "verification names the first entry cut off: " + r);
            assertTrue(r.problem().contains("entries 8 to 10 are missing"), r.problem());
        }
    }

    @Test
    void theAlarmStandsAcrossRestartsUntilAnAdministratorAcknowledgesIt() throws Exception {
        AuditFixture.tenEntries(dir).close();
        AuditFixture.tamper(db(), "DELETE FROM audit_entry WHERE seq > 7");
        reopen().close();
        try (AuditFixture f = reopen()) {
            LogAlarm alarm = f.writer.alarm();
            assertNotNull(alarm, "not acknowledged, so it stands after a restart");
            assertEquals(1, f.store.logEvents().size(), "raised once, not again at every start");
            assertThrows(ExecutionException.class,
                    () -> f.log.camera(integrator(), "camera.update", "cam-1", AuditLog.OK, null).get());

            AuditEntry ack = f.log.acknowledgeAlarm(admin(), alarm, "disk restored from backup, case 2026-17").get();
            assertEquals(LogEvents.ACKNOWLEDGE, ack.action());
            assertEquals("root", ack.actorName());
            assertTrue(ack.detail().contains("alarms=cut") && ack.detail().contains("case 2026-17"), ack.detail());
            assertNull(f.writer.alarm());
            assertEquals(AuditLog.OK, f.log.camera(integrator(), "camera.update", "cam-1", AuditLog.OK, null).get()
                    .result());

            VerifyReport r = f.verify();
            assertFalse(r.ok(), "the acknowledgement does not hide the cut");
            assertEquals(8L, r.firstBadSeq(), r.toString());
        }
        try (AuditFixture f = reopen()) {
            assertNull(f.writer.alarm(), "acknowledged for good");
        }
    }

    @Test
    void aRecomputedChainRaisesTheAlarm() throws Exception {
        try (AuditFixture f = AuditFixture.tenEntries(dir)) {
            f.tamper(f.rechained(6, "someone-else"));
        }
        try (AuditFixture f = reopen()) {
            LogAlarm alarm = f.writer.alarm();
            assertNotNull(alarm);
            assertEquals(List.of(LogAlarm.REWRITTEN), alarm.problems().stream().map(LogAlarm.Problem::kind).toList());
            assertEquals(12, f.log.loginSucceeded(admin(), "s1").get().seq());
            assertEquals(LogEvents.ALARM, f.store.entry(11).orElseThrow().action(), "the alarm follows the last entry");
        }
    }

    @Test
    void anIntactLogRestartsWithoutAlarm() throws Exception {
        AuditFixture.tenEntries(dir).close();
        try (AuditFixture f = reopen()) {
            assertNull(f.writer.alarm());
            assertEquals(11, f.log.camera(integrator(), "camera.update", "cam-1", AuditLog.OK, null).get().seq());
            assertTrue(f.store.logEvents().isEmpty());
        }
    }
}
