package nl.poortwachter.recorder.ingest;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import nl.poortwachter.media.fmp4.Fmp4Muxer;
import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.config.RecorderConfig;
import nl.poortwachter.recorder.fanout.FragmentBus;
import nl.poortwachter.recorder.fanout.LiveFeed;
import nl.poortwachter.recorder.ingest.source.SourceException;
import nl.poortwachter.recorder.ingest.source.SourceStream;
import nl.poortwachter.recorder.ingest.source.Sources;
import nl.poortwachter.recorder.ingest.source.UnitSink;
import nl.poortwachter.recorder.ingest.source.VideoSource;
import nl.poortwachter.recorder.logging.Log;
import nl.poortwachter.recorder.logging.Redactor;

/**
 * One camera's ingest: a platform thread that holds exactly one session with the camera at a time. The one
 * loop for every source (docs/decisions.md D40): connect, stream pictures into the pipeline (passthrough or
 * transcode) and the camera's {@link FragmentBus}, notice failure, wait as {@link Reconnect} says, connect again,
 * and report each step in the camera's status. Sources and pipelines are made, used and closed by this thread.
 */
public final class CameraSession implements Runnable {
    private static final Log LOG = Log.of(CameraSession.class);
    private static final long FRAGMENT_TICKS = InitSegment.TIMESCALE; // about a second

    private final CameraSpec camera;
    private final RecorderConfig.Ingest settings;
    private final Sources sources;
    private final FragmentBus bus;
    private final LiveFeed live;
    private final Clock clock;
    private final ConnectSlots connectSlots;
    private final StatusBoard board;
    private final Reconnect reconnect;
    private final AtomicLong sessionCounter = new AtomicLong();
    private final Function<String, String> addressCheck;

    private volatile boolean stopRequested;
    private volatile Thread thread;
    /** The source of the session in progress: stop() interrupts it, which ends our RTSP reader's read at once. */
    private volatile VideoSource activeSource;
    /** Our reader met a codec it cannot depacketise: this camera's sessions go through FFmpeg from now on. */
    private boolean needsFfmpeg;
    /** The capacity monitor's verdict (docs/decisions.md D42), shown in the status while the camera streams. */
    private volatile IngestLoad load;
    /** The overload policy records this (transcoded) camera at key frames only. */
    private volatile boolean keyframesOnly;

    /**
     * @param sources      the readers; each checks every address it connects to against the camera networks
     * @param addressCheck why the camera's address may not be connected to now (resolved anew before every
     *                     session: a name may point elsewhere than when the camera was saved), or null
     */
    public CameraSession(CameraSpec camera, RecorderConfig.Ingest settings, Sources sources, FragmentBus bus, LiveFeed live,
                         IngestCounters counters, ConnectSlots connectSlots, Clock clock,
                         Function<String, String> addressCheck) {
        this.camera = camera;
        this.addressCheck = addressCheck;
        this.settings = settings;
        this.sources = sources;
        this.bus = bus;
        this.live = live;
        this.clock = clock;
        this.connectSlots = connectSlots;
        this.board = new StatusBoard(camera.id(), counters, clock);
        this.reconnect = new Reconnect(new Backoff(settings.backoffInitial(), settings.backoffMax()), clock);
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        Thread t = new Thread(this, "ingest-" + camera.id());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Asks the session to end and waits for its thread to release the source. */
    public void stop() {
        stopRequested = true;
        reconnect.stop();
        VideoSource source = activeSource;
        if (source != null) {
            source.interrupt();
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                // A read inside FFmpeg ends within its timeout (about twice the configured value).
                t.join(settings.connectTimeout().toMillis() * 3 + 5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.warn("camera.stop.slow", "camera", camera.id(), "detail", "ingest thread still in FFmpeg; it exits on its own");
            }
        }
    }

    public IngestStatus status() {
        return board.status().withLoad(load);
    }

    /** The capacity monitor's latest figures and verdict for this camera. */
    public void load(IngestLoad newLoad) {
        this.load = newLoad;
    }

    /** Pictures per second through the pipeline now (the camera's own rate is in the status). */
    public double processedFps() {
        return board.processedFps();
    }

    /**
     * Under overload: decode and encode only the camera's key frames (each then an IDR of ours, so that fragments,
     * segments and seeking still work), from the next key frame on; false returns to every picture at the next key
     * frame. Passthrough cameras are not affected (they decode nothing).
     */
    public void keyframesOnly(boolean on) {
        this.keyframesOnly = on;
    }

    /** The ingest thread's id (its CPU time is the camera's cost), or -1 before it started. */
    public long threadId() {
        Thread t = thread;
        return t == null ? -1 : t.getId();
    }

    public CameraSpec camera() {
        return camera;
    }

    @Override
    public void run() {
        try {
            while (!stopRequested) {
                Reconnect.Ended ended;
                try {
                    ended = runOneSession();
                } catch (RuntimeException | Error e) {
                    // An Error (e.g. OutOfMemoryError) must not end this camera's recording for good: log, back off, retry.
                    board.fail("internal error: " + e, false);
                    ended = Reconnect.Ended.failedConnected;
                }
                if (stopRequested || ended == Reconnect.Ended.stopped || ended == Reconnect.Ended.permanent) {
                    break;
                }
                board.reconnected();
                long delay = reconnect.delayAfter(ended);
                if (delay > 0) {
                    board.state(IngestState.backoff, board.status().lastError());
                }
                reconnect.await(delay, ended == Reconnect.Ended.unreachable
                        ? Reconnect.Watch.of(camera.url(), sources.allowedAddress()) : null);
            }
        } finally {
            if (board.state() != IngestState.failed) {
                board.state(IngestState.stopped, board.status().lastError());
            }
            LOG.info("camera.ingest.stopped", "camera", camera.id());
        }
    }

    private Reconnect.Ended runOneSession() {
        board.state(IngestState.connecting, board.status().lastError());
        String refused = addressCheck.apply(camera.url());
        if (refused != null) {
            board.fail(refused, false); // and try again after the backoff: the name may resolve elsewhere again
            return Reconnect.Ended.failedConnected;
        }
        String sessionId = camera.id() + "-" + clock.millis() + "-" + sessionCounter.incrementAndGet();
        VideoSource source = sources.forCamera(camera, needsFfmpeg);
        activeSource = source;
        Fmp4Muxer muxer = null;
        SessionProgress progress = new SessionProgress(board, clock, settings.stallTimeout().toMillis());
        VideoPipeline pipeline = null;
        try {
            if (stopRequested || !connectSlots.acquire(() -> stopRequested)) {
                return Reconnect.Ended.stopped;
            }
            // No footage of this session is placed before it began to connect (docs/time.md). Not when open() returns:
            // FFmpeg's open reads a second of pictures while probing, and hands them on afterwards.
            long openedAt = clock.millis();
            SourceStream stream;
            try {
                stream = source.open();
            } finally {
                connectSlots.release();
            }
            // Our reader's arrivals are its socket reads: the session's first fragment is cut at a quarter second, so
            // footage is durable soon after (re)connecting. FFmpeg's reader hands out the second it read while probing
            // all at once: a longer first fragment lets the least-delayed of those pictures set the anchor.
            muxer = new Fmp4Muxer(sessionId, FRAGMENT_TICKS, stream.wholePictures() ? FRAGMENT_TICKS / 4 : FRAGMENT_TICKS,
                    bus::publish, live, new SessionClock(openedAt));
            PipelineMode mode = camera.mode() == null ? PipelineMode.transcode : camera.mode();
            if (stream.codec() == null && stream.wholePictures() && mode == PipelineMode.transcode) {
                needsFfmpeg = true; // our reader does not depacketise it (e.g. MJPEG); FFmpeg's reader and decoder do
                return Reconnect.Ended.retryNow;
            }
            VideoPipelines.Opened opened = VideoPipelines.open(stream, source::decoderParameters, mode, camera.transcode(),
                    camera.masks(), muxer, new SessionIdentity(camera.id(), openedAt), () -> keyframesOnly);
            pipeline = opened.pipeline();
            board.connected(opened.storedCodec(), opened.width(), opened.height(), opened.inputCodec(), mode, sessionId,
                    stream.reader(), opened.encoder(), opened.encoderFallback());
            VideoPipeline p = pipeline;
            UnitSink sink = unit -> {
                board.received(unit.length());
                progress.cameraUnit(unit.dts() != Long.MIN_VALUE ? unit.dts() : unit.pts());
                if (p.accept(unit)) {
                    progress.picture();
                }
            };
            while (!stopRequested && !progress.watchdogFired()) {
                source.watched(live.wanted());
                source.read(sink);
            }
        } catch (VideoPipelines.UnsupportedCodecException e) {
            board.fail(e.getMessage(), true); // retrying would not help
            return Reconnect.Ended.permanent;
        } catch (StreamChangedException e) {
            LOG.info("camera.format.changed", "camera", camera.id(), "detail", e.getMessage());
            return Reconnect.Ended.retryNow;
        } catch (SourceException e) {
            return failed(e, progress);
        } catch (Exception e) {
            if (!stopRequested) {
                board.fail(Redactor.redact(String.valueOf(e.getMessage())), false);
            }
        } finally {
            if (pipeline != null) {
                finishQuietly(pipeline::finish);
                pipeline.close();
            }
            if (muxer != null) {
                endSession(muxer);
            }
            activeSource = null;
            source.close();
        }
        return ended(progress);
    }

    private Reconnect.Ended failed(SourceException e, SessionProgress progress) {
        if (stopRequested) {
            return Reconnect.Ended.stopped;
        }
        board.fail(e.getMessage(), e.permanent());
        if (e.permanent()) {
            return Reconnect.Ended.permanent;
        }
        if (!e.reachable()) {
            return Reconnect.Ended.unreachable;
        }
        return ended(progress);
    }

    private static Reconnect.Ended ended(SessionProgress progress) {
        return progress.streamedMillis() >= Reconnect.HEALTHY_MILLIS ? Reconnect.Ended.healthy : Reconnect.Ended.failedConnected;
    }

    /** Pushes out the picture still open; a failure there must not keep the session from ending. */
    private void finishQuietly(Runnable finish) {
        try {
            finish.run();
        } catch (RuntimeException e) {
            LOG.warn("camera.flush.failed", "camera", camera.id(), "error", e.getMessage());
        }
    }

    /** The session's last fragment goes out, then recording and live viewers hear that it ended. */
    private void endSession(Fmp4Muxer muxer) {
        muxer.flush();
        bus.endSession(muxer.sessionId());
        live.endSession(muxer.sessionId());
    }
}
