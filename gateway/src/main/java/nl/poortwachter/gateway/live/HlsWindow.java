package nl.poortwachter.gateway.live;

import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Optional;
import nl.poortwachter.media.fmp4.Fragment;
import nl.poortwachter.media.fmp4.InitSegment;
import nl.poortwachter.recorder.fanout.FragmentBus;
import nl.poortwachter.recorder.fanout.FragmentListener;
import nl.poortwachter.recorder.fanout.Subscription;

/**
 * The last few recording fragments of one camera, in memory, as a live HLS playlist (fMP4, version 7). Exists
 * only while clients ask for the playlist. A new RTSP session (new init segment) is marked as a discontinuity.
 * Fragments arrive on the camera's ingest thread; the playlist is read on the event loop.
 */
final class HlsWindow implements FragmentListener {
    static final int FRAGMENTS = 6;

    private record Entry(long sequence, int initVersion, boolean discontinuity, Fragment fragment) {
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final FragmentBus bus;
    /** After each media URI: {@code ?stream=sub} for a sub-stream's window (D89), so its requests find it. */
    private final String mediaQuery;
    private final Subscription subscription;
    private InitSegment init;
    private int initVersion;
    private long nextSequence = 1;
    private long discontinuitiesDropped;
    private boolean discontinuityNext;
    private volatile long lastRequestMillis;

    HlsWindow(FragmentBus bus, String mediaQuery, long nowMillis) {
        this.bus = bus;
        this.mediaQuery = mediaQuery;
        this.lastRequestMillis = nowMillis;
        // Runs on the camera's thread: adding to a small deque is all it does.
        this.subscription = bus.subscribe(this, FRAGMENTS, Runnable::run);
    }

    FragmentBus bus() {
        return bus;
    }

    @Override
    public synchronized void onFragment(Fragment f) {
        boolean discontinuity = discontinuityNext;
        if (f.init() != init) {
            discontinuity |= init != null;
            init = f.init();
            initVersion++;
        }
        discontinuityNext = false;
        if (entries.isEmpty() && !f.keyframe()) {
            return; // a playlist starts where a player can
        }
        entries.add(new Entry(nextSequence++, initVersion, discontinuity, f));
        while (entries.size() > FRAGMENTS) {
            if (entries.poll().discontinuity()) {
                discontinuitiesDropped++;
            }
        }
    }

    @Override
    public synchronized void onSessionEnd(String sessionId) {
        discontinuityNext = true;
    }

    void touch(long nowMillis) {
        lastRequestMillis = nowMillis;
    }

    long lastRequestMillis() {
        return lastRequestMillis;
    }

    synchronized int size() {
        return entries.size();
    }

    /** The playlist; media URIs are relative to it ({@code live/...}). */
    synchronized String playlist() {
        double target = 1;
        for (Entry e : entries) {
            target = Math.max(target, e.fragment().duration() / (double) InitSegment.TIMESCALE);
        }
        StringBuilder sb = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n");
        sb.append("#EXT-X-TARGETDURATION:").append((long) Math.ceil(target)).append('\n');
        sb.append("#EXT-X-MEDIA-SEQUENCE:").append(entries.isEmpty() ? nextSequence : entries.peek().sequence()).append('\n');
        sb.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuitiesDropped).append('\n');
        int mapped = -1;
        for (Entry e : entries) {
            if (e.discontinuity() && mapped != -1) {
                sb.append("#EXT-X-DISCONTINUITY\n");
            }
            if (e.initVersion() != mapped) {
                sb.append("#EXT-X-MAP:URI=\"live/init-").append(e.initVersion()).append(".mp4").append(mediaQuery)
                        .append("\"\n");
                mapped = e.initVersion();
            }
            sb.append(String.format(Locale.ROOT, "#EXTINF:%.3f,\n", e.fragment().duration() / (double) InitSegment.TIMESCALE));
            sb.append("live/").append(e.sequence()).append(".m4s").append(mediaQuery).append('\n');
        }
        return sb.toString();
    }

    /** A fragment still in the window, by its playlist sequence number. */
    synchronized Optional<byte[]> fragment(long sequence) {
        return entries.stream().filter(e -> e.sequence() == sequence).findFirst().map(e -> e.fragment().bytes());
    }

    /** The init segment of a version still referenced by the window. */
    synchronized Optional<byte[]> init(int version) {
        return entries.stream().filter(e -> e.initVersion() == version).findFirst().map(e -> e.fragment().init().bytes());
    }

    void close() {
        subscription.close();
    }
}
