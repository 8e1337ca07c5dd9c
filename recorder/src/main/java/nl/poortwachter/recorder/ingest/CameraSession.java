package nl.poortwachter.recorder.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import nl.poortwachter.media.fmp4.Fmp4Muxer;
import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.media.rtsp.RtspClient;
import nl.poortwachter.media.rtsp.RtspException;
import nl.poortwachter.media.sdp.SdpVideo;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.camera.Transport;
import nl.poortwachter.recorder.config.RecorderConfig;
import nl.poortwachter.recorder.fanout.FragmentBus;
import nl.poortwachter.recorder.fanout.LiveFeed;
import nl.poortwachter.recorder.logging.Log;
import nl.poortwachter.recorder.logging.Redactor;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * One camera's ingest: a platform thread that holds exactly one RTSP session to the camera at a time,
 * reads packets, packs them into fragments and publishes those on the camera's {@link FragmentBus}.
 * On failure or stall it releases the grabber (on this thread, exactly once), backs off and reconnects.
 */
public final class CameraSession implements Runnable {
    private static final Log LOG = Log.of(CameraSession.class);
    private static final long FRAGMENT_TICKS = InitSegment.TIMESCALE; // about a second

    private final CameraSpec camera;
    private final RecorderConfig.Ingest settings;
    private final FragmentBus bus;
    private final LiveFeed live;
    private final IngestCounters counters;
    private final Clock clock;
    private final Backoff backoff;
    private final ConnectSlots connectSlots;
    private final Object sleepLock = new Object();
    private final AtomicLong sessionCounter = new AtomicLong();

    private volatile boolean stopRequested;
    private volatile IngestStatus status;
    private volatile Thread thread;
    /** Our own RTSP client while it runs: stop() closes it, which ends a blocked read at once. */
    private volatile RtspClient activeClient;
    private final Function<String, String> addressCheck;
    private long packets;
    private long bytes;
    private long reconnects;
    private double fps;

    /**
     * @param addressCheck why the camera's address may not be connected to now (resolved anew before every
     *                     connection: a name may point elsewhere than when the camera was saved), or null
     */
    public CameraSession(CameraSpec camera, RecorderConfig.Ingest settings, FragmentBus bus, LiveFeed live,
                         IngestCounters counters, ConnectSlots connectSlots, Clock clock,
                         Function<String, String> addressCheck) {
        this.camera = camera;
        this.addressCheck = addressCheck;
        this.settings = settings;
        this.bus = bus;
        this.live = live;
        this.counters = counters;
        this.clock = clock;
        this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax());
        this.connectSlots = connectSlots;
        this.status = IngestStatus.stopped(clock.instant());
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

    /** Asks the session to end and waits for its thread to release the grabber. */
    public void stop() {
        stopRequested = true;
        synchronized (sleepLock) {
            sleepLock.notifyAll();
        }
        RtspClient client = activeClient;
        if (client != null) {
            client.close();
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                // A blocked read ends within FFmpeg's timeout (about twice the configured value).
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
        return status;
    }

    public CameraSpec camera() {
        return camera;
    }

    @Override
    public void run() {
        try {
            while (!stopRequested) {
                boolean streamed;
                try {
                    streamed = runOneSession();
                } catch (RuntimeException | Error e) {
                    // An Error (e.g. OutOfMemoryError) must not end this camera's recording for good: log, back off, retry.
                    fail("internal error: " + e, false);
                    streamed = false;
                }
                if (stopRequested) {
                    break;
                }
                reconnects++;
                counters.reconnect();
                if (streamed) {
                    backoff.reset();
                }
                if (status.state() == IngestState.failed) {
                    break;
                }
                long delay = backoff.nextDelayMillis();
                setState(IngestState.backoff, status.lastError());
                sleep(delay);
            }
        } finally {
            setState(IngestState.stopped, status.lastError());
            LOG.info("camera.ingest.stopped", "camera", camera.id());
        }
    }

    /** @return true if the session delivered video before it ended */
    private boolean runOneSession() {
        setState(IngestState.connecting, status.lastError());
        String refused = addressCheck.apply(camera.url());
        if (refused != null) {
            fail(refused, false); // and try again after the backoff: the name may resolve elsewhere again
            return false;
        }
        String sessionId = camera.id() + "-" + clock.millis() + "-" + sessionCounter.incrementAndGet();
        if (usesBuiltinReader()) {
            return runBuiltinSession(sessionId);
        }
        FFmpegFrameGrabber grabber = Grabbers.create(camera, settings.connectTimeout(), true);
        boolean started = false;
        boolean streamed = false;
        Fmp4Muxer muxer = new Fmp4Muxer(sessionId, FRAGMENT_TICKS, bus::publish, live);
        VideoPipeline pipeline = null;
        try {
            if (!connectSlots.acquire(() -> stopRequested)) {
                return false;
            }
            try {
                // startUnsafe: JavaCV's start() holds a JVM-wide lock, so one hung camera would block every other.
                grabber.startUnsafe();
            } finally {
                connectSlots.release();
            }
            started = true;
            AVFormatContext fc = grabber.getFormatContext();
            int videoIndex = -1;
            for (int i = 0; i < fc.nb_streams(); i++) {
                if (fc.streams(i).codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
                    videoIndex = i;
                    break;
                }
            }
            if (videoIndex < 0) {
                fail("the camera offers no video track", false);
                return false;
            }
            AVStream stream = fc.streams(videoIndex);
            pipeline = openPipeline(stream, grabber.getFrameRate(), muxer);
            if (pipeline == null) {
                return false;
            }
            streamed = pump(grabber, pipeline, videoIndex);
        } catch (StreamChangedException e) {
            LOG.info("camera.format.changed", "camera", camera.id(), "detail", e.getMessage());
            streamed = true;
        } catch (Exception e) {
            fail(FfmpegErrors.describe(e), false);
        } finally {
            if (pipeline != null) {
                finishQuietly(pipeline::finish);
                pipeline.close();
            }
            endSession(muxer);
            release(grabber, started);
        }
        return streamed;
    }

    /** Passthrough for trusted H.264/H.265 cameras; the sanitizing transcode for everything else. */
    private VideoPipeline openPipeline(AVStream stream, double frameRate, Fmp4Muxer muxer) {
        VideoPipelines.Opened opened;
        try {
            opened = VideoPipelines.open(stream, frameRate, camera.mode(), camera.transcode(), camera.masks(), muxer, clock::millis);
        } catch (VideoPipelines.UnsupportedCodecException e) {
            // Retrying would not help.
            fail(e.getMessage(), true);
            return null;
        }
        connected(opened.storedCodec(), opened.width(), opened.height(), opened.inputCodec(), muxer.sessionId(),
                opened.encoder(), opened.encoderFallback());
        return opened.pipeline();
    }

    private void connected(String storedCodec, int width, int height, String inputCodec, String sessionId, String encoder,
                           String encoderFallback) {
        status = new IngestStatus(IngestState.connecting, clock.instant(), status.lastError(), status.lastErrorAt(),
                packets, bytes, fps, reconnects, storedCodec, width, height, encoder, encoderFallback);
        LOG.info("camera.connected", "camera", camera.id(), "codec", inputCodec, "mode",
                camera.mode() == null ? PipelineMode.transcode : camera.mode(), "width", width,
                "height", height, "session", sessionId, "reader", activeClient == null ? "ffmpeg" : "builtin",
                "encoder", encoder == null ? "none" : encoder);
        if (encoderFallback != null) {
            LOG.warn("camera.encoder.fallback", "camera", camera.id(), "encoder", encoder, "reason", encoderFallback);
        }
    }

    /** Reads until the stream ends, stalls or we are stopped. Runs for hours: nothing allocated per packet but fragments. */
    private boolean pump(FFmpegFrameGrabber grabber, VideoPipeline pipeline, int videoIndex) throws Exception {
        Progress progress = new Progress();
        while (!stopRequested) {
            if (progress.watchdogFired()) {
                return progress.streamed;
            }
            AVPacket pkt = grabber.grabPacket();
            if (pkt == null) {
                fail(progress.streamed ? "stream ended or stalled (no data within the timeout)" : "no data from camera", false);
                return progress.streamed;
            }
            try {
                if (pkt.stream_index() != videoIndex) {
                    continue; // audio and data tracks are dropped (see docs/decisions.md)
                }
                progress.received(pkt.size());
                if (pipeline.accept(pkt)) {
                    progress.picture();
                }
            } finally {
                // JavaCV's grabPacket() does not unref the previous packet: without this every packet leaks.
                avcodec.av_packet_unref(pkt);
            }
        }
        return progress.streamed;
    }

    /**
     * A passthrough camera over RTSP/TCP read by our own client (docs/decisions.md D18): the same packer, muxer
     * and bus as the FFmpeg path, without libavformat's per-packet system calls.
     */
    private boolean usesBuiltinReader() {
        return settings.rtspReader() == RecorderConfig.RtspReader.builtin
                && camera.mode() == PipelineMode.passthrough
                && RtspClient.canRead(camera.url(), camera.transport() != Transport.udp);
    }

    private boolean runBuiltinSession(String sessionId) {
        RtspClient client = new RtspClient(camera.url(), camera.username(), camera.password(), settings.connectTimeout());
        activeClient = client;
        Fmp4Muxer muxer = new Fmp4Muxer(sessionId, FRAGMENT_TICKS, bus::publish, live);
        Progress progress = null;
        BuiltinPicturePacker[] packer = new BuiltinPicturePacker[1];
        try {
            if (stopRequested || !connectSlots.acquire(() -> stopRequested)) {
                return false;
            }
            SdpVideo video;
            try {
                video = client.start((data, length, timestamp, damaged) -> packer[0].accept(data, length, timestamp, damaged));
            } finally {
                connectSlots.release();
            }
            if (video.codec() == null) {
                fail(new VideoPipelines.UnsupportedCodecException(video.encodingName()).getMessage(), true);
                return false;
            }
            progress = new Progress().opened(muxer.sessionId(), video.codec().ffmpegName());
            packer[0] = new BuiltinPicturePacker(video.codec(), video.parameterSets(), muxer, clock::millis, progress);
            while (!stopRequested) {
                if (progress.watchdogFired()) {
                    break;
                }
                client.readNext();
            }
        } catch (StreamChangedException e) {
            LOG.info("camera.format.changed", "camera", camera.id(), "detail", e.getMessage());
            return true;
        } catch (RtspException e) {
            if (!stopRequested) {
                fail(ProblemMessage.of(e), false);
            }
        } catch (Exception e) {
            if (!stopRequested) {
                fail(Redactor.redact(String.valueOf(e.getMessage())), false);
            }
        } finally {
            if (packer[0] != null) {
                finishQuietly(packer[0]::finish);
            }
            endSession(muxer);
            client.close();
            activeClient = null;
        }
        return progress != null && progress.streamed;
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

    /** One session's counts, fps window and stall watchdog, shared by both readers. */
    private final class Progress implements BuiltinPicturePacker.Events {
        private final long stallMillis = settings.stallTimeout().toMillis();
        private long lastVideoAt = clock.millis();
        private long windowStart = lastVideoAt;
        private int windowFrames;
        boolean streamed;
        private String sessionId;
        private String inputCodec;

        Progress opened(String session, String input) {
            this.sessionId = session;
            this.inputCodec = input;
            return this;
        }

        /** Updates the fps figure; @return true (after recording the failure) if no picture came for too long */
        boolean watchdogFired() {
            long now = clock.millis();
            if (now - windowStart >= 1000) {
                fps = windowFrames * 1000.0 / (now - windowStart);
                windowFrames = 0;
                windowStart = now;
                IngestStatus s = status;
                status = new IngestStatus(s.state(), s.since(), s.lastError(), s.lastErrorAt(), packets, bytes, fps,
                        reconnects, s.codec(), s.width(), s.height(), s.encoder(), s.encoderFallback());
            }
            if (now - lastVideoAt > stallMillis) {
                // Packets arrive but no picture does (e.g. audio only, or garbage): the watchdog reconnects.
                fail("watchdog: no video for " + stallMillis / 1000 + " s", false);
                return true;
            }
            return false;
        }

        @Override
        public void opened(String codec, int width, int height) {
            connected(codec, width, height, inputCodec, sessionId, null, null);
        }

        @Override
        public void received(int size) {
            packets++;
            bytes += size;
            counters.packet(size);
        }

        @Override
        public void picture() {
            lastVideoAt = clock.millis();
            windowFrames++;
            if (!streamed) {
                streamed = true;
                backoff.reset();
                setState(IngestState.streaming, null);
                LOG.info("camera.streaming", "camera", camera.id());
            }
        }
    }

    private void release(FFmpegFrameGrabber grabber, boolean started) {
        try {
            // Called once, here, by the thread that owns the grabber.
            Grabbers.release(grabber);
        } catch (Exception e) {
            LOG.warn("camera.release.failed", "camera", camera.id(), "error", e.getMessage(), "started", started);
        }
    }

    private void fail(String message, boolean permanent) {
        LOG.warn("camera.error", "camera", camera.id(), "error", message);
        Instant now = clock.instant();
        IngestStatus s = status;
        status = new IngestStatus(permanent ? IngestState.failed : s.state(), permanent ? now : s.since(), message, now,
                packets, bytes, 0, reconnects, s.codec(), s.width(), s.height(), s.encoder(), s.encoderFallback());
        if (permanent) {
            counters.state(IngestState.failed);
        }
    }

    private void setState(IngestState state, String lastError) {
        IngestStatus s = status;
        if (s.state() == state) {
            return;
        }
        status = new IngestStatus(state, clock.instant(), lastError, lastError == null ? null : s.lastErrorAt(), packets,
                bytes, state == IngestState.streaming ? fps : 0, reconnects, s.codec(), s.width(), s.height(), s.encoder(), s.encoderFallback());
        counters.state(state);
        if (state != IngestState.streaming) {
            LOG.info("camera.state", "camera", camera.id(), "state", state, "error", lastError == null ? "" : lastError);
        }
    }

    private void sleep(long millis) {
        long until = clock.millis() + millis;
        synchronized (sleepLock) {
            while (!stopRequested) {
                long left = until - clock.millis();
                if (left <= 0) {
                    return;
                }
                try {
                    sleepLock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
