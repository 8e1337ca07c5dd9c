package nl.poortwachter.recorder;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import nl.poortwachter.recorder.camera.LegalRegime;
import nl.poortwachter.recorder.export.ExpiredExport;
import nl.poortwachter.recorder.export.ExportRecord;
import nl.poortwachter.recorder.export.ExportRequest;
import nl.poortwachter.recorder.export.ExportVerifier;
import nl.poortwachter.recorder.export.Exporter;
import nl.poortwachter.recorder.export.ManifestSigner;
import nl.poortwachter.recorder.database.index.IndexDatabase;
import nl.poortwachter.recorder.playback.FootageLocator;
import nl.poortwachter.recorder.playback.FootageUnavailableException;
import nl.poortwachter.recorder.playback.FragmentSelection;
import nl.poortwachter.recorder.playback.HlsPlaylist;
import nl.poortwachter.recorder.playback.InitCache;
import nl.poortwachter.recorder.playback.MediaFile;
import nl.poortwachter.recorder.playback.PeerFootage;
import nl.poortwachter.recorder.playback.RecordedSpans;
import nl.poortwachter.recorder.retention.ArchiveRequestException;
import nl.poortwachter.recorder.retention.Holds;
import nl.poortwachter.recorder.retention.PurgeRecord;
import nl.poortwachter.recorder.retention.RecordingControl;
import nl.poortwachter.recorder.retention.RequestChecks;
import nl.poortwachter.recorder.retention.ReserveStatus;
import nl.poortwachter.recorder.retention.RetentionConfig;
import nl.poortwachter.recorder.retention.RetentionService;
import nl.poortwachter.recorder.storage.SegmentRecord;
import nl.poortwachter.recorder.storage.StorageLayout;

/**
 * Recorded footage after it was written: playback (timeline, HLS playlists over byte ranges of the files),
 * evidence exports, retention with legal holds, the purge log and the storage reserve. Obtained from
 * {@link Recorder#archive()}. Every method may block (disk, database): callers on an event loop hop first.
 */
public final class Archive implements AutoCloseable {
    /** A playlist covers at most this much: a day of one-second fragments is already a large document. */
    public static final Duration MAX_PLAYLIST_RANGE = Duration.ofHours(24);

    private final IndexDatabase index;
    private final StorageLayout layout;
    private final Clock clock;
    private final FragmentSelection selection;
    private final FootageLocator locator;
    private final RetentionService retention;
    private final Exporter exporter;
    private volatile PeerFootage peers = PeerFootage.NONE;
    private volatile List<PurgeRecord> startupPurges = List.of();
    private volatile ArchiveListener listener = ArchiveListener.NONE;

    /** @param locator where this node finds a segment file's bytes (in a cluster, other nodes' too: D77) */
    Archive(IndexDatabase index, StorageLayout layout, FootageLocator locator, java.util.Map<String, LegalRegime> regimes,
            RetentionConfig config, RecordingControl control, MeterRegistry registry, Clock clock) {
        this.index = index;
        this.layout = layout;
        this.clock = clock;
        this.locator = locator;
        this.selection = new FragmentSelection(index.segments(), locator, new InitCache(), () -> peers);
        LongSupplier free = () -> usableSpace(layout.root());
        this.exporter = new Exporter(index, layout, selection, config.exportRetentionDays(), free,
                config.reserveFloorBytes(), () -> listener, clock);
        this.retention = new RetentionService(index, layout, regimes, config, control, free, exporter::expire, registry,
                clock);
    }

    /**
     * Starts the background jobs; exports a restart interrupted are failed first.
     *
     * @param finishedAtStartup purges start-up recovery completed: told to the listener once it is set
     */
    void start(List<PurgeRecord> finishedAtStartup) {
        startupPurges = List.copyOf(finishedAtStartup);
        exporter.failInterrupted();
        retention.start();
    }

    // ---- wiring by the gateway ----

    /** Who hears about purges, holds, reserve alarms and expired exports (the audit log). */
    public void setListener(ArchiveListener listener) {
        this.listener = listener == null ? ArchiveListener.NONE : listener;
        retention.setListener(listener);
        // Deletions a crash interrupted and start-up finished happened before anyone listened: tell them now.
        List<PurgeRecord> pending = startupPurges;
        startupPurges = List.of();
        if (listener != null) {
            pending.forEach(listener::purged);
        }
    }

    public void setSigner(ManifestSigner signer) {
        exporter.setSigner(signer);
    }

    /** How footage other nodes of the cluster hold is read from them (the gateway's node-to-node client, D77). */
    public void setPeers(PeerFootage peers) {
        this.peers = peers;
        exporter.setPeers(peers);
    }

    // ---- playback ----

    /** Recorded spans, gaps and holds of a camera over a range (a day, or any range up to 31 days). */
    public RecordedSpans spans(String cameraId, Instant from, Instant to) {
        requireCamera(cameraId);
        RequestChecks.range(from, to);
        List<SegmentRecord> segments = index.segments().segments(cameraId, from.toEpochMilli(), to.toEpochMilli());
        var holds = retention.holds().list(cameraId, false).stream()
                .filter(h -> h.from().isBefore(to) && h.to().isAfter(from)).toList();
        return RecordedSpans.of(cameraId, from, to, clock.instant(), segments, holds,
                selection.unavailable(cameraId, from, to));
    }

    /**
     * An HLS playlist over [from, to), starting at the keyframe at or before {@code from}; empty when there is no
     * footage in the range. Footage of a node that is down is left out, and the playlist says so
     * ({@link HlsPlaylist#unavailable()}).
     *
     * @throws FootageUnavailableException when all footage of the range is held by nodes that are down
     * @param at           instant a player should start at (EXT-X-START), or null
     * @param uriOfSegment how the player reaches a segment file's bytes (the gateway's media URL)
     */
    public Optional<HlsPlaylist> playlist(String cameraId, Instant from, Instant to, Instant at,
                                         LongFunction<String> uriOfSegment) {
        requireCamera(cameraId);
        RequestChecks.range(from, to);
        if (Duration.between(from, to).compareTo(MAX_PLAYLIST_RANGE) > 0) {
            throw new ArchiveRequestException("to", "a playlist covers at most " + MAX_PLAYLIST_RANGE.toHours() + " hours");
        }
        FragmentSelection.Selected selected;
        try {
            selected = selection.select(cameraId, from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (selected.fragments().isEmpty() && !selected.unavailable().isEmpty()) {
            throw new FootageUnavailableException("no footage of this range can be played now", selected.unavailable());
        }
        return selected.fragments().isEmpty() ? Optional.empty()
                : Optional.of(HlsPlaylist.of(selected.fragments(), at, uriOfSegment).withUnavailable(selected.unavailable()));
    }

    /**
     * The legal regimes the camera's footage in [from, to) was recorded under (a change of the camera's regime does
     * not change them); empty when there is no footage there. {@code SegmentIndex.UNKNOWN_REGIME} stands for footage
     * whose regime is not known, which access control treats as the strictest.
     */
    public Set<String> footageRegimes(String cameraId, Instant from, Instant to) {
        return index.segments().regimes(cameraId, from.toEpochMilli(), to.toEpochMilli());
    }

    /** The regime one segment of the camera was recorded under; empty when the camera has no such segment. */
    public Optional<String> segmentRegime(String cameraId, long segmentId) {
        return index.segments().regimeOf(cameraId, segmentId);
    }

    /**
     * A segment file of this camera, found by its index id only (never by a path from outside); empty when the id
     * is unknown, belongs to another camera, or is being deleted. In a cluster it may be another node's file: then it
     * says where to stream it from, or that its node is down ({@link MediaFile#available()}).
     */
    public Optional<MediaFile> media(String cameraId, long segmentId) {
        return index.segments().segmentById(segmentId)
                .filter(r -> r.cameraId().equals(cameraId))
                .filter(r -> r.seekPoints() > 0)
                .map(r -> {
                    FootageLocator.Place p = locator.place(r);
                    return new MediaFile(r.id(), r.cameraId(), p.path(), r.bytes(), p.remote(), p.node());
                });
    }

    /** The cluster nodes whose storage holds footage of the camera in [from, to), by name (none on one node). */
    public java.util.SortedSet<String> holders(String cameraId, Instant from, Instant to) {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        for (var r : index.segments().segments(cameraId, from.toEpochMilli(), to.toEpochMilli())) {
            if (r.nodeId() != null) {
                out.add(r.nodeId());
            }
        }
        return out;
    }

    /**
     * A segment file in this node's own storage folder, for another node of the cluster that streams it to its user
     * (D77; that node checked the user's grant and wrote the audit entry). Empty for any other id.
     */
    public Optional<MediaFile> mediaHeldHere(long segmentId) {
        return index.segments().segmentById(segmentId)
                .filter(r -> r.heldBy(index.segments().node()) && r.seekPoints() > 0)
                .map(r -> new MediaFile(r.id(), r.cameraId(), layout.resolve(r.path()), r.bytes()));
    }

    /** SHA-256 of the init segments of the files this node holds among {@code segmentIds}, for another node. */
    public java.util.Map<Long, String> initHashesHeldHere(List<Long> segmentIds) {
        try {
            return selection.initHashesHeldHere(segmentIds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- exports ----

    public ExportRecord requestExport(ExportRequest request) {
        return requestExport(request, pending -> {
        });
    }

    /**
     * As {@link #requestExport(ExportRequest)}; {@code approval} hears of the checked export (with its id) before
     * it is stored or made, and refuses it by throwing: then no export exists at all.
     */
    public ExportRecord requestExport(ExportRequest request, Consumer<ExportRecord> approval) {
        requireCamera(request.cameraId());
        return exporter.request(request, approval);
    }

    public Optional<ExportRecord> export(String id) {
        return exporter.export(id);
    }

    public List<ExportRecord> exports(String cameraId, int limit) {
        return exporter.exports(cameraId, limit);
    }

    /** The MP4 of a ready export, when this node holds it (its own, or mounted shared storage). */
    public Optional<Path> exportFile(String id) {
        return exportPlace(id).map(FootageLocator.Place::path);
    }

    /** The MP4 of a ready export made by this node, for another node of the cluster (D77); empty otherwise. */
    public Optional<MediaFile> exportHeldHere(String id) {
        String self = index.segments().node();
        return exporter.export(id).filter(e -> e.state() == nl.poortwachter.recorder.export.ExportState.ready
                        && e.file() != null && Objects.equals(index.exports().holder(id).orElse(null), self))
                .map(e -> new MediaFile(0, e.cameraId(), layout.resolve(e.file()), e.bytes()));
    }

    /**
     * Where the MP4 of a ready export is (D77): here, or on the node of the cluster that made it (then it is
     * streamed from there, or unavailable while that node is down); empty while not ready.
     */
    public Optional<FootageLocator.Place> exportPlace(String id) {
        return exporter.export(id).filter(e -> e.state() == nl.poortwachter.recorder.export.ExportState.ready
                && e.file() != null).map(e -> locator.place(index.exports().holder(id).orElse(null), e.file()));
    }

    public Optional<String> exportManifest(String id) {
        return exporter.manifest(id);
    }

    /** @param trustedKey the gateway's public key (X.509 DER) */
    public Optional<ExportVerifier.Result> verifyExport(String id, byte[] trustedKey) {
        try {
            return exporter.verify(id, trustedKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- retention ----

    public Holds holds() {
        return retention.holds();
    }

    /** Proof of deletion: purges that started in [from, to), newest first. */
    public List<PurgeRecord> purges(String cameraId, Instant from, Instant to, int limit) {
        return retention.purges(cameraId, from, to, limit);
    }

    /**
     * Finished purges whose audit entry is still owed, oldest first. A purge does not wait for the audit log (the
     * storage reserve must free space while it is down), so whoever writes the entries asks here for what is
     * missing after an outage or a restart, and marks each with {@link #markPurgeAudited} once it is durable.
     */
    public List<PurgeRecord> unauditedPurges(int limit) {
        return retention.unauditedPurges(limit);
    }

    /** The purge's audit entry is durable. True only for the first call; false when marked already. */
    public boolean markPurgeAudited(long purgeId) {
        return retention.markPurgeAudited(purgeId);
    }

    /** Expired export copies whose audit entry is still owed, as {@link #unauditedPurges} for purges. */
    public List<ExpiredExport> unauditedExpiries(int limit) {
        return exporter.unauditedExpiries(limit);
    }

    /** The expiry's audit entry is durable. True only for the first call; false when marked already. */
    public boolean markExpiryAudited(String exportId) {
        return exporter.markExpiryAudited(exportId);
    }

    /** Runs the retention purge now (it also runs by itself); returns the purges made. */
    public List<PurgeRecord> purgeNow() {
        return retention.purgeNow();
    }

    public ReserveStatus reserve() {
        return retention.reserve();
    }

    public ReserveStatus checkReserveNow() {
        return retention.checkReserveNow();
    }

    /** A camera is known while configured, and after removal while its footage exists. */
    private void requireCamera(String cameraId) {
        RequestChecks.cameraId(cameraId);
        if (index.cameras().find(cameraId).isEmpty() && !Files.isDirectory(layout.cameraDir(cameraId))) {
            throw new NoSuchCameraException(cameraId);
        }
    }

    private static long usableSpace(Path root) {
        try {
            return Files.getFileStore(root).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        retention.close();
        exporter.close();
    }
}
