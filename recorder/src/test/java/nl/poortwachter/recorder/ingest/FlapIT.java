package nl.poortwachter.recorder.ingest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import nl.poortwachter.media.rtsp.RtspClient;
import nl.poortwachter.recorder.Recorder;
import nl.poortwachter.recorder.Timeline;
import nl.poortwachter.recorder.config.RecorderConfig;
import nl.poortwachter.recorder.testing.CameraSimulator;
import nl.poortwachter.recorder.testing.IndexInvariants;
import nl.poortwachter.recorder.testing.TestRecorders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 20 cameras lose their camera server at once and get it back (docs/decisions.md D41): each notices within a second
 * that its connection closed, records again within 3 s of the server's return, and the index shows a gap that
 * starts and ends within a second of the real outage (from the server's end to when it can deliver video again),
 * with no footage inside it.
 */
class FlapIT {
    private static final int CAMERAS = 20;
    /**
     * A picture counts as arrived when our read returns it. On a busy machine the last ones before the server died
     * may be read a little after the test saw it die, so footage may end a few ms after {@code down}: never more.
     */
    private static final long READ_SLACK_MILLIS = 100;

    @Test
    void everyCameraNoticesTheOutageAtOnceAndRecordsWithinThreeSecondsOfTheReturn(@TempDir Path dir) throws Exception {
        RecorderConfig config = TestRecorders.config(dir, Duration.ofSeconds(3));
        try (CameraSimulator sim = CameraSimulator.start();
             Recorder r = Recorder.start(config, new SimpleMeterRegistry())) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < CAMERAS; i++) {
                String id = "flap-" + i;
                r.addCamera(TestRecorders.camera(id, sim.url(CameraSimulator.SMALL + "?camera=" + i)));
                ids.add(id);
            }
            Instant t0 = Instant.now();
            await(Duration.ofSeconds(60), "every camera recording", () -> {
                r.syncIndex();
                return ids.stream().allMatch(id -> recordedAfter(r, id, t0));
            });

            // When the camera stopped delivering video: an observer's last picture (a server stops sending before it
            // has exited, on a busy machine by a second or more).
            AtomicLong lastPicture = new AtomicLong(Long.MIN_VALUE);
            Thread observer = watchPictures(sim.url(CameraSimulator.SMALL + "?camera=watcher"), lastPicture);
            await(Duration.ofSeconds(10), "the observer's first picture", () -> lastPicture.get() != Long.MIN_VALUE);
            sim.stop();
            long down = System.currentTimeMillis(); // the server has exited: its connections are closed
            observer.join(5000);
            long videoGone = lastPicture.get();
            Map<String, Long> noticed = new HashMap<>();
            await(Duration.ofSeconds(10), "every camera noticing", () -> {
                for (String id : ids) {
                    if (!noticed.containsKey(id) && r.camera(id).orElseThrow().status().state() != IngestState.streaming) {
                        noticed.put(id, System.currentTimeMillis() - down);
                    }
                }
                return noticed.size() == CAMERAS;
            });
            noticed.forEach((id, ms) -> assertTrue(ms <= 1000, id + " noticed the closed connection after " + ms + " ms"));

            Thread.sleep(Math.max(0, down + 4000 - System.currentTimeMillis()));
            long relaunch = System.currentTimeMillis();
            sim.launch();
            long up = System.currentTimeMillis(); // the server accepts connections again
            // When the camera can deliver video again: an observer that connects at once (no backoff, no connect
            // slot) sees its first picture then. The server starts its encoder for the first client; that is the
            // camera's return, not our reconnecting.
            long videoBack = firstPictureAt(sim.url(CameraSimulator.SMALL + "?camera=observer"));
            Map<String, Long> recording = new HashMap<>();
            Map<String, Long> streaming = new HashMap<>();
            await(Duration.ofSeconds(15), "every camera recording again", () -> {
                r.syncIndex(); // once a round: what is committed now
                for (String id : ids) {
                    if (!streaming.containsKey(id) && r.camera(id).orElseThrow().status().state() == IngestState.streaming) {
                        streaming.put(id, System.currentTimeMillis() - up);
                    }
                    if (!recording.containsKey(id) && recordedAfter(r, id, Instant.ofEpochMilli(relaunch))) {
                        recording.put(id, System.currentTimeMillis() - up);
                    }
                }
                return recording.size() == CAMERAS;
            });
            recording.forEach((id, ms) -> assertTrue(ms <= 3000, id + " recorded again " + ms + " ms after the return: " + recording));

            r.syncIndex();
            for (String id : ids) {
                Timeline tl = r.recordings(id, t0.minusSeconds(10), Instant.now());
                long lastBefore = tl.segments().stream().filter(s -> s.start().toEpochMilli() < down)
                        .mapToLong(s -> s.end().toEpochMilli()).max().orElseThrow();
                long firstAfter = tl.segments().stream().filter(s -> s.start().toEpochMilli() >= down)
                        .mapToLong(s -> s.start().toEpochMilli()).min().orElseThrow();
                assertTrue(lastBefore <= down + READ_SLACK_MILLIS && lastBefore >= videoGone - 1000, id + ": the gap starts "
                        + (videoGone - lastBefore) + " ms before the camera's last picture (" + (down - videoGone)
                        + " ms before its server had exited)");
                assertTrue(firstAfter >= relaunch && firstAfter <= videoBack + 1000, id + ": the gap ends "
                        + (firstAfter - videoBack) + " ms after the camera could deliver video again ("
                        + (videoBack - up) + " ms after its server returned); streaming again after (ms) " + streaming);
            }
            List<IndexInvariants.Outage> outages = ids.stream()
                    .map(id -> new IndexInvariants.Outage(id, down + READ_SLACK_MILLIS, relaunch)).toList();
            assertTrue(IndexInvariants.check(config.databaseFile(), config.storageDir(), outages) >= 2 * CAMERAS);
        }
    }

    /** Reads {@code url} on a thread of its own, noting when each picture arrives, until the server goes away. */
    private static Thread watchPictures(String url, AtomicLong lastPicture) {
        Thread t = new Thread(() -> {
            try (RtspClient client = new RtspClient(url, null, null, Duration.ofSeconds(5))) {
                client.start((data, length, timestamp, damaged) -> lastPicture.set(System.currentTimeMillis()));
                while (true) {
                    client.readNext();
                }
            } catch (Exception e) {
                // the server went away: lastPicture holds its last picture
            }
        }, "flap-watcher");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** When a client that connects at once gets its first picture from {@code url}. */
    private static long firstPictureAt(String url) throws Exception {
        long[] first = {Long.MIN_VALUE};
        try (RtspClient client = new RtspClient(url, null, null, Duration.ofSeconds(5))) {
            client.start((data, length, timestamp, damaged) -> {
                if (first[0] == Long.MIN_VALUE) {
                    first[0] = System.currentTimeMillis();
                }
            });
            while (first[0] == Long.MIN_VALUE) {
                client.readNext();
            }
        }
        return first[0];
    }

    /** A fragment of the camera's after {@code from} is in the index (as of the caller's last syncIndex). */
    private static boolean recordedAfter(Recorder r, String id, Instant from) {
        return r.recordings(id, from, Instant.now().plusSeconds(5)).segments().stream()
                .anyMatch(s -> !s.start().isBefore(from) && s.seekPoints() >= 1);
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void await(Duration timeout, String what, Condition c) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!c.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
