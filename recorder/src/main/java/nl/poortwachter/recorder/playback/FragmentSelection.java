package nl.poortwachter.recorder.playback;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import nl.poortwachter.recorder.logging.Log;
import nl.poortwachter.recorder.storage.SeekPoint;
import nl.poortwachter.recorder.storage.SegmentIndex;
import nl.poortwachter.recorder.storage.SegmentRecord;
import nl.poortwachter.recorder.storage.StorageLayout;

/**
 * The fragments that cover a time range, from the index alone: starting at the keyframe at or before
 * {@code from} (playback can only start on a keyframe), ending with the fragment that contains {@code to}.
 * Each fragment knows whether it continues the previous one, which is what HLS discontinuities and the
 * export's timestamp rebasing need. In a cluster, footage another node holds is included when this node can read it
 * ({@link FootageLocator}); footage of a node that is down is left out and reported as unavailable (D77).
 */
public final class FragmentSelection {
    private static final Log LOG = Log.of(FragmentSelection.class);
    /** Media time may differ from the wall-clock estimate by rounding; a real gap is longer than this. */
    private static final long CONTINUITY_TOLERANCE_TICKS = 45_000;
    private static final String RECOVERED_SESSION = "recovered";
    /** Init hashes asked of another node at once: a day of one-minute segments in three requests. */
    private static final int HASHES_PER_REQUEST = 500;

    /** The range's fragments, and the footage in it this node cannot deliver now. */
    public record Selected(List<MediaFragment> fragments, List<UnavailableFootage> unavailable) {
    }

    private final SegmentIndex index;
    private final FootageLocator locator;
    private final InitCache inits;
    private final Supplier<PeerFootage> peers;

    /** Every file in this node's own storage folder (the embedded gateway). */
    public FragmentSelection(SegmentIndex index, StorageLayout layout, InitCache inits) {
        this(index, FootageLocator.local(layout), inits, () -> PeerFootage.NONE);
    }

    public FragmentSelection(SegmentIndex index, FootageLocator locator, InitCache inits, Supplier<PeerFootage> peers) {
        this.index = index;
        this.locator = locator;
        this.inits = inits;
        this.peers = peers;
    }

    /** Footage of the range this node cannot deliver now, from the index and the node table only (no file read). */
    public List<UnavailableFootage> unavailable(String cameraId, Instant from, Instant to) {
        List<UnavailableFootage> out = new ArrayList<>();
        for (SegmentRecord seg : index.segments(cameraId, from.toEpochMilli(), to.toEpochMilli())) {
            if (!locator.place(seg).available()) {
                unavailable(out, seg, from.toEpochMilli(), to.toEpochMilli());
            }
        }
        return List.copyOf(out);
    }

    public Selected select(String cameraId, Instant from, Instant to) throws IOException {
        long fromMs = from.toEpochMilli();
        long toMs = to.toEpochMilli();
        List<long[]> raw = new ArrayList<>(); // offset, size, mediaTime, duration, wall, keyframe
        List<SourceFile> owners = new ArrayList<>();
        List<UnavailableFootage> unavailable = new ArrayList<>();
        List<SegmentRecord> segments = index.segments(cameraId, fromMs, toMs);
        var allPoints = index.seekPoints(segments.stream().map(SegmentRecord::id).toList());
        Map<Long, FootageLocator.Place> places = new HashMap<>();
        for (SegmentRecord seg : segments) {
            places.put(seg.id(), locator.place(seg));
        }
        Set<String> answered = new HashSet<>();
        Map<Long, String> remoteHashes = remoteHashes(segments, places, allPoints, answered);
        for (SegmentRecord seg : segments) {
            List<SeekPoint> points = allPoints.getOrDefault(seg.id(), List.of());
            FootageLocator.Place place = places.get(seg.id());
            if (points.isEmpty()) {
                continue;
            }
            SourceFile file;
            try {
                file = place.available() ? sourceFile(seg, place, points.get(0).offset(), remoteHashes, answered) : null;
            } catch (NoSuchFileException e) {
                // Deleted between the query and now (retention or the reserve): the footage is gone, not an error.
                LOG.debug("playback.file.gone", "segment", seg.id());
                continue;
            }
            if (file == null) {
                unavailable(unavailable, seg, fromMs, toMs);
                continue;
            }
            for (int i = 0; i < points.size(); i++) {
                SeekPoint p = points.get(i);
                long duration = i + 1 < points.size() ? points.get(i + 1).mediaTime() - p.mediaTime()
                        : Math.max(1, seg.endMillis() - p.wallClockMillis()) * 90;
                raw.add(new long[] {p.offset(), p.size(), p.mediaTime(), Math.max(1, duration), p.wallClockMillis(),
                        p.keyframe() ? 1 : 0});
                owners.add(file);
            }
        }
        return new Selected(fragments(raw, owners, fromMs, toMs), List.copyOf(unavailable));
    }

    private static List<MediaFragment> fragments(List<long[]> raw, List<SourceFile> owners, long fromMs, long toMs) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < raw.size(); i++) {
            long[] f = raw.get(i);
            if (f[5] == 1 && (f[4] <= fromMs || first < 0)) {
                first = i;
            }
            if (f[4] < toMs) {
                last = i;
            }
        }
        List<MediaFragment> out = new ArrayList<>();
        if (first < 0 || last < first) {
            return out;
        }
        for (int i = first; i <= last; i++) {
            long[] f = raw.get(i);
            SourceFile file = owners.get(i);
            boolean continues = false;
            if (!out.isEmpty()) {
                MediaFragment prev = out.get(out.size() - 1);
                long expected = prev.mediaTime() + prev.duration();
                continues = prev.file().sessionKey().equals(file.sessionKey()) && prev.file().sameInit(file)
                        && Math.abs(f[2] - expected) <= CONTINUITY_TOLERANCE_TICKS;
                if (continues && prev.file() != file) {
                    // The last fragment of a file had an estimated duration; the next file's media time is exact.
                    out.set(out.size() - 1, new MediaFragment(prev.file(), prev.offset(), prev.size(), prev.mediaTime(),
                            Math.max(1, f[2] - prev.mediaTime()), prev.wallMillis(), prev.keyframe(), prev.discontinuity()));
                }
            }
            out.add(new MediaFragment(file, f[0], f[1], f[2], f[3], f[4], f[5] == 1, !continues));
        }
        return out;
    }

    /**
     * SHA-256 of the init segments of those of {@code segmentIds} this node holds itself (for another node building
     * a playlist or export over them, D77); files deleted meanwhile are left out.
     */
    public Map<Long, String> initHashesHeldHere(List<Long> segmentIds) throws IOException {
        Map<Long, String> out = new LinkedHashMap<>();
        var points = index.seekPoints(segmentIds);
        for (long id : segmentIds) {
            var seg = index.segmentById(id).filter(r -> r.heldBy(index.node()));
            List<SeekPoint> p = points.getOrDefault(id, List.of());
            if (seg.isEmpty() || p.isEmpty()) {
                continue;
            }
            FootageLocator.Place place = locator.place(seg.get());
            try {
                out.put(id, inits.hash(id, place.path(), p.get(0).offset()));
            } catch (NoSuchFileException e) {
                LOG.debug("playback.file.gone", "segment", id);
            }
        }
        return out;
    }

    /** Consecutive segments of one node make one stretch of unavailable footage. */
    private static void unavailable(List<UnavailableFootage> out, SegmentRecord seg, long fromMs, long toMs) {
        Instant start = Instant.ofEpochMilli(Math.max(fromMs, seg.startMillis()));
        Instant end = Instant.ofEpochMilli(Math.min(toMs, seg.endMillis()));
        UnavailableFootage last = out.isEmpty() ? null : out.get(out.size() - 1);
        if (last != null && last.node().equals(seg.nodeId()) && !start.isAfter(last.end().plusSeconds(2))) {
            out.set(out.size() - 1, new UnavailableFootage(last.start(), end.isAfter(last.end()) ? end : last.end(),
                    last.node()));
        } else {
            out.add(new UnavailableFootage(start, end, seg.nodeId()));
        }
    }

    /**
     * Init hashes of the files read from other nodes, asked of each node at once (cached like local ones). A node
     * that cannot answer is treated as down: its files get no hash and so count as unavailable.
     */
    private Map<Long, String> remoteHashes(List<SegmentRecord> segments, Map<Long, FootageLocator.Place> places,
                                           Map<Long, List<SeekPoint>> points, Set<String> answered) {
        Map<SourceFile.Remote, List<Long>> missing = new LinkedHashMap<>();
        Map<Long, String> out = new HashMap<>();
        for (SegmentRecord seg : segments) {
            SourceFile.Remote remote = places.get(seg.id()).remote();
            if (remote == null || !points.containsKey(seg.id())) {
                continue;
            }
            String known = inits.remote(remoteKey(seg.id(), remote));
            if (known != null) {
                out.put(seg.id(), known);
            } else {
                missing.computeIfAbsent(remote, k -> new ArrayList<>()).add(seg.id());
            }
        }
        missing.forEach((remote, ids) -> {
            try {
                for (int i = 0; i < ids.size(); i += HASHES_PER_REQUEST) {
                    Map<Long, String> got = peers.get().initHashes(remote,
                            ids.subList(i, Math.min(ids.size(), i + HASHES_PER_REQUEST)));
                    got.forEach((id, hash) -> inits.rememberRemote(remoteKey(id, remote), hash));
                    out.putAll(got);
                }
                answered.add(remote.node());
            } catch (IOException e) {
                LOG.warn("playback.peer.unreachable", "node", remote.node(), "error", e.getMessage());
            }
        });
        return out;
    }

    private static String remoteKey(long segmentId, SourceFile.Remote remote) {
        return segmentId + "@" + remote.node();
    }

    /**
     * Null when the node holding the file could not be asked (it went down since its last heartbeat).
     *
     * @throws NoSuchFileException when the file is gone (that node answered without it: deleted meanwhile)
     */
    private SourceFile sourceFile(SegmentRecord seg, FootageLocator.Place place, long initLength,
                                  Map<Long, String> remoteHashes, Set<String> answered) throws IOException {
        String session = RECOVERED_SESSION.equals(seg.sessionId()) ? RECOVERED_SESSION + "#" + seg.id() : seg.sessionId();
        if (place.path() != null) {
            return new SourceFile(seg.id(), session, place.path(), initLength,
                    inits.hash(seg.id(), place.path(), initLength), seg.codec(), seg.width(), seg.height());
        }
        String hash = remoteHashes.get(seg.id());
        if (hash == null && answered.contains(place.remote().node())) {
            throw new NoSuchFileException("segment " + seg.id() + " on node " + place.remote().node());
        }
        return hash == null ? null : new SourceFile(seg.id(), session, null, initLength, hash, seg.codec(), seg.width(),
                seg.height(), place.remote());
    }
}
