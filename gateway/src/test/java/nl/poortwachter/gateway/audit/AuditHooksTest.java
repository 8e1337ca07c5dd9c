package nl.poortwachter.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.poortwachter.recorder.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hooks (live view, playback, export, retention, legal holds, mode and mask changes, policy overrides)
 * called directly, without HTTP: each writes exactly one entry with the expected fields, and the footage ones
 * one processing-log line that joins it on the trace id and names no user. The routes that call them are checked
 * through HTTP elsewhere: {@code LiveIT}, {@code PlaybackApiIT} (playback, export, holds) and
 * {@code AuthAuditTest} (camera, mode, mask and override changes).
 */
class AuditHooksTest {
    @TempDir
    Path dir;

    private static final Instant FROM = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-23T10:05:00Z");
    private static final Instant DELETED = Instant.parse("2026-12-21T10:05:00Z");

    private List<AuditEntry> all(AuditFixture f) throws Exception {
        List<AuditEntry> out = new java.util.ArrayList<>();
        f.store.forEachEntry(out::add);
        return out;
    }

    @Test
    void eachHookWritesExactlyTheExpectedEntry() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
        try (AuditFixture f = new AuditFixture(dir, clock, 1000)) {
            AuditContext op = AuditFixture.ctx("olga", "operator");
            Purpose purpose = Purpose.of("Melding vechtpartij Markt", "BVH-2026-1234");

            AuditLog.LiveView live = f.log.liveStarted(op, "markt", "gemeentewet-151c",
                    Purpose.of("Cameratoezicht: live meekijken", null)).get();
            clock.advance(Duration.ofSeconds(20)); // the view lasts 20 s
            AuditEntry end = live.end().get();
            assertNull(live.end().get(), "ending twice writes once");
            f.log.playback(AuditFixture.ctx("piet", "police"), "markt", List.of("gemeentewet-151c"), FROM, TO, purpose, null, null).get();
            f.log.export(AuditFixture.ctx("piet", "police"), "markt", List.of("gemeentewet-151c"), FROM, TO, purpose,
                    new DataSubject("999999990", "bsn"), "export_id=e1 sha256=ab").get();
            f.log.retentionDeleted("markt", "gemeentewet-151c", FROM, TO, DELETED, "segments=5").get();
            f.log.legalHold(AuditFixture.ctx("piet", "police"), "legal_hold.set", "markt", FROM, TO, purpose, "hold=h1").get();
            f.log.legalHold(AuditFixture.ctx("piet", "police"), "legal_hold.release", "markt", FROM, TO, purpose, "hold=h1").get();
            f.log.modeChanged(AuditFixture.ctx("ina", "integrator"), "markt", "transcode", "passthrough").get();
            f.log.maskChanged(AuditFixture.ctx("ina", "integrator"), "markt", "masks=0->2").get();
            f.log.policyOverride(AuditFixture.ctx("ada", "admin"), "markt", "passthrough", "Axis firmware audited 2026").get();
            f.log.policyOverrideRemoved(AuditFixture.ctx("ada", "admin"), "markt", "passthrough").get();

            List<AuditEntry> entries = all(f);
            assertEquals(List.of("live.start", "live.end", "playback", "export", "retention.delete", "legal_hold.set",
                    "legal_hold.release", "camera.mode", "camera.masks", "policy.override", "policy.override"),
                    entries.stream().map(AuditEntry::action).toList());
            for (AuditEntry e : entries) {
                assertEquals("camera", e.objectType(), e.toString());
                assertEquals("markt", e.objectId());
                assertEquals("ok", e.result());
                assertTrue(e.traceId().matches("[0-9a-f]{32}"), e.traceId());
                assertTrue(e.timeMillis() > 0);
            }
            AuditEntry start = entries.get(0);
            assertEquals("olga", start.actorName());
            assertEquals("operator", start.actorRole());
            assertEquals("192.0.2.7", start.clientAddress());
            assertEquals("TestAgent/1", start.userAgent());
            assertEquals("Cameratoezicht: live meekijken", start.purpose());
            assertEquals(end.seq(), entries.get(1).seq());
            long duration = Long.parseLong(end.detail().replace("duration_ms=", ""));
            assertEquals(20_000, duration, end.detail());
            assertEquals(end.rangeTo() - end.rangeFrom(), duration);

            AuditEntry playback = entries.get(2);
            assertEquals("piet", playback.actorName());
            assertEquals(FROM.toEpochMilli(), playback.rangeFrom());
            assertEquals(TO.toEpochMilli(), playback.rangeTo());
            assertEquals("Melding vechtpartij Markt", playback.purpose());
            assertEquals("BVH-2026-1234", playback.caseNumber());
            assertEquals("export_id=e1 sha256=ab", entries.get(3).detail());
            assertEquals("system", entries.get(4).actorName());
            assertEquals(DELETED.toEpochMilli(), entries.get(4).timeMillis(), "when it happened");
            assertEquals("from=transcode to=passthrough", entries.get(7).detail());
            assertTrue(entries.get(9).detail().contains("reason=Axis firmware audited 2026"));
            assertEquals("policy=passthrough override=removed", entries.get(10).detail());

            // Processing lines: live view, playback, export, retention deletion; joined on trace id; no user.
            List<ProcessingRecord> lines = f.store.processing(null, null, null, null, 100);
            assertEquals(List.of("live.view", "recording.playback", "recording.export", "recording.delete"),
                    lines.stream().map(ProcessingRecord::name).toList());
            for (ProcessingRecord p : lines) {
                assertTrue(p.spanId().matches("[0-9a-f]{16}"), p.spanId());
                assertEquals("Ok", p.status());
                assertEquals("urn:test:gemeentewet-151c", p.attributes().get(ProcessingRecord.ACTIVITY));
                assertEquals("test-gw", p.resource().get("name"));
                String text = p.toString();
                for (String person : List.of("olga", "piet", "operator", "police")) {
                    assertTrue(!text.contains(person), "no user identity in the processing log: " + text);
                }
            }
            assertEquals(start.traceId(), lines.get(0).traceId(), "live view joins its start entry");
            assertEquals(start.timeMillis(), lines.get(0).startTime());
            assertEquals(playback.traceId(), lines.get(1).traceId());
            assertEquals("999999990", lines.get(2).attributes().get(ProcessingRecord.SUBJECT_ID));
            assertEquals("bsn", lines.get(2).attributes().get(ProcessingRecord.SUBJECT_TYPE));
            assertTrue(f.verify().ok());
        }
    }

    /**
     * Footage keeps the regime it was recorded under (D47), so a delivery across a regime change is two processing
     * activities: one line each (D87), beside each other in the request's trace, under one audit entry.
     */
    @Test
    void aDeliveryAcrossARegimeChangeNamesEachRegimesActivity() throws Exception {
        try (AuditFixture f = new AuditFixture(dir, Clock.systemUTC(), 1000)) {
            AuditContext police = AuditFixture.ctx("piet", "police");
            AuditContext called = new AuditContext(police.actor(), police.origin(),
                    TraceContext.fromHeader("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
            Purpose purpose = Purpose.of("Onderzoek inbraak", null);
            AuditEntry playback = f.log.playback(called, "markt", List.of("avg-building-security", "gemeentewet-151c"),
                    FROM, TO, purpose, null, null).get();
            f.log.export(police, "markt", List.of("gemeentewet-151c"), FROM, TO, purpose, null, "export_id=e2").get();

            assertEquals(List.of("playback", "export"), all(f).stream().map(AuditEntry::action).toList());
            List<ProcessingRecord> lines = f.store.processing(null, null, null, null, 100);
            assertEquals(List.of("recording.playback", "recording.playback", "recording.export"),
                    lines.stream().map(ProcessingRecord::name).toList());
            assertEquals(List.of("urn:test:avg-building-security", "urn:test:gemeentewet-151c",
                    "urn:test:gemeentewet-151c"), lines.stream().map(p -> p.attributes().get(ProcessingRecord.ACTIVITY))
                    .toList());
            ProcessingRecord first = lines.get(0);
            ProcessingRecord second = lines.get(1);
            assertEquals(playback.traceId(), first.traceId());
            assertEquals(playback.traceId(), second.traceId(), "both join the one playback entry");
            assertEquals(called.trace().spanId(), first.spanId(), "the first line is the request's own span");
            assertTrue(second.spanId().matches("[0-9a-f]{16}") && !second.spanId().equals(first.spanId()),
                    "each line is a span of its own: " + second.spanId());
            assertEquals("00f067aa0ba902b7", first.parentSpanId());
            assertEquals("00f067aa0ba902b7", second.parentSpanId(), "beside each other under the caller's span");
            assertEquals("markt", second.attributes().get(ProcessingRecord.CAMERA));
            assertTrue(f.verify().ok());
        }
    }

    @Test
    void incomingTraceparentIsHonoured() {
        TraceContext t = TraceContext.fromHeader("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", t.traceId());
        assertEquals("00f067aa0ba902b7", t.parentSpanId());
        assertTrue(t.spanId().matches("[0-9a-f]{16}"));
        for (String bad : new String[] {"00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "garbage", ""}) {
            TraceContext n = TraceContext.fromHeader(bad);
            assertNull(n.parentSpanId(), bad);
            assertTrue(!n.traceId().equals("4bf92f3577b34da6a3ce929d0e0e4736"), bad);
        }
    }

    @Test
    void purposeRules() {
        assertTrue(Purpose.problem(null, null) != null);
        assertTrue(Purpose.problem("  ", null) != null);
        assertTrue(Purpose.problem("Onderzoek", "bad\ncase") != null);
        assertNull(Purpose.problem("Onderzoek inbraak", "PL0900-2026123456"));
    }

    @Test
    void csvDefusesFormulasAndKeepsHashes() {
        StringBuilder b = new StringBuilder();
        AuditCsv.cell(b, "=HYPERLINK(\"http://x\")");
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\")\"", b.toString());
        b.setLength(0);
        AuditCsv.cell(b, "-12");
        assertEquals("-12", b.toString());
    }
}
