package nl.poortwachter.recorder.export;

import nl.poortwachter.recorder.storage.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.logging.Log;
import nl.poortwachter.recorder.playback.FragmentSelection;
import nl.poortwachter.recorder.playback.FootageUnavailableException;
import nl.poortwachter.recorder.playback.MediaFragment;
import nl.poortwachter.recorder.playback.PeerFootage;
import nl.poortwachter.recorder.playback.UnavailableFootage;
import nl.poortwachter.recorder.retention.ArchiveRequestException;
import nl.poortwachter.recorder.retention.RequestChecks;
import nl.poortwachter.recorder.storage.StorageLayout;

/**
 * Evidence exports: a request is checked and recorded (pending), then made on the export thread: the range's
 * fragments remuxed into one MP4 (no re-encoding), its SHA-256, a signed manifest. Files live in
 * {@code <storage>/_exports/} (a name no camera id can have) and are deleted when the export's own retention ends;
 * the record and manifest stay in the index.
 */
public final class Exporter implements AutoCloseable {
    private static final Log LOG = Log.of(Exporter.class);
    public static final Duration MAX_RANGE = Duration.ofHours(24);
    public static final String FOLDER = "_exports";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ExportIndex index;
    private final ExportStore store;
    private final StorageLayout layout;
    private final FragmentSelection selection;
    private final int retentionDays;
    private final LongSupplier freeBytes;
    private final long reserveFloorBytes;
    private final Supplier<? extends ExportListener> listener;
    private final Clock clock;
    private final ExecutorService thread;
    private volatile ManifestSigner signer;
    private volatile PeerFootage peers = PeerFootage.NONE;

    public Exporter(ExportIndex index, StorageLayout layout, FragmentSelection selection, int retentionDays,
                    LongSupplier freeBytes, long reserveFloorBytes, Supplier<? extends ExportListener> listener, Clock clock) {
        this.index = index;
        this.store = index.exports();
        this.layout = layout;
        this.selection = selection;
        this.retentionDays = retentionDays;
        this.freeBytes = freeBytes;
        this.reserveFloorBytes = reserveFloorBytes;
        this.listener = listener;
        this.clock = clock;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "export");
            t.setDaemon(true);
            return t;
        });
    }

    public void setSigner(ManifestSigner signer) {
        this.signer = signer;
    }

    /** How footage other nodes hold is read (a cluster, D77). */
    public void setPeers(PeerFootage peers) {
        this.peers = peers;
    }

    /** Start-up: exports a restart interrupted are failed (their partial files removed), never left pending. */
    public void failInterrupted() {
        for (ExportRecord e : store.pendingExports()) {
            try {
                Files.deleteIfExists(partFile(e.id()));
            } catch (IOException ex) {
                LOG.warn("export.part.delete.failed", "export", e.id(), "error", ex.getMessage());
            }
            store.finishExport(e.id(), ExportState.failed, null, 0, null, null, "interrupted by a restart", clock.millis());
        }
    }

    /** Records the export and queues it. @throws ArchiveRequestException naming the bad field; nothing is stored */
    public ExportRecord request(ExportRequest r) {
        return request(r, pending -> {
        });
    }

    /**
     * As {@link #request(ExportRequest)}, asking {@code approval} first.
     *
     * @param approval told of the checked export (with its id) before it is stored or made, e.g. to write the
     *                 audit entry that must exist first; throwing refuses it: nothing is stored, nothing is made
     */
    public ExportRecord request(ExportRequest r, Consumer<ExportRecord> approval) {
        RequestChecks.cameraId(r.cameraId());
        RequestChecks.range(r.from(), r.to());
        if (Duration.between(r.from(), r.to()).compareTo(MAX_RANGE) > 0) {
            throw new ArchiveRequestException("to", "an export covers at most " + MAX_RANGE.toHours() + " hours");
        }
        String exporter = RequestChecks.text("exporter", r.exporter(), 200, true);
        String purpose = RequestChecks.text("purpose", r.purpose(), 500, true);
        String caseNumber = RequestChecks.text("caseNumber", r.caseNumber(), 100, false);
        if (index.segments().segments(r.cameraId(), r.from().toEpochMilli(), r.to().toEpochMilli()).isEmpty()) {
            throw new ArchiveRequestException("from", "there is no footage of this camera in the range");
        }
        // Evidence is whole or not made: footage of a node that is down would be missing from it without a trace.
        List<UnavailableFootage> unavailable = selection.unavailable(r.cameraId(), r.from(), r.to());
        if (!unavailable.isEmpty()) {
            throw new FootageUnavailableException("the export cannot be made now", unavailable);
        }
        Instant now = clock.instant();
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        ExportRecord pending = new ExportRecord(HexFormat.of().formatHex(id), r.cameraId(), r.from(), r.to(), exporter,
                purpose, caseNumber, now, now.plus(Duration.ofDays(retentionDays)), ExportState.pending, null, 0, null,
                null, null);
        approval.accept(pending);
        store.insertExport(pending);
        LOG.info("export.requested", "export", pending.id(), "camera", pending.cameraId(), "from", pending.from(),
                "to", pending.to());
        thread.execute(() -> make(pending));
        return pending;
    }

    private void make(ExportRecord e) {
        Path part = partFile(e.id());
        try {
            OwnerOnly.createDirectories(part.getParent());
            FragmentSelection.Selected selected = selection.select(e.cameraId(), e.from(), e.to());
            if (!selected.unavailable().isEmpty()) {
                throw new FootageUnavailableException("the export could not be made", selected.unavailable());
            }
            List<MediaFragment> fragments = selected.fragments();
            long estimate = fragments.stream().mapToLong(MediaFragment::size).sum();
            if (freeBytes.getAsLong() - estimate < reserveFloorBytes) {
                throw new IOException("not enough free space for an export of " + (estimate >> 20) + " MiB above the storage reserve");
            }
            ExportWriter.Written w = ExportWriter.write(fragments, part, peers);
            Path mp4 = mp4File(e.id());
            Files.move(part, mp4, StandardCopyOption.ATOMIC_MOVE);
            String cameraName = index.cameras().find(e.cameraId()).map(CameraSpec::name).orElse(null);
            String manifest = Manifests.signed(Manifests.manifest(e, cameraName, w, mp4.getFileName().toString()), signer);
            OwnerOnly.writeNew(manifestFile(e.id()), manifest);
            store.finishExport(e.id(), ExportState.ready, layout.relative(mp4), w.bytes(), w.sha256(), manifest, null,
                    clock.millis());
            LOG.info("export.ready", "export", e.id(), "camera", e.cameraId(), "bytes", w.bytes(), "sha256", w.sha256());
        } catch (IOException | RuntimeException ex) {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // the failure below is what matters
            }
            String reason = ex instanceof ExportWriter.FormatChangeException || ex instanceof IOException
                    || ex instanceof FootageUnavailableException ? ex.getMessage() : "internal error; see the server log";
            LOG.error("export.failed", ex, "export", e.id(), "camera", e.cameraId());
            store.finishExport(e.id(), ExportState.failed, null, 0, null, null, reason, clock.millis());
        }
    }

    public Optional<ExportRecord> export(String id) {
        return ID.matcher(id).matches() ? store.export(id) : Optional.empty();
    }

    public List<ExportRecord> exports(String cameraId, int limit) {
        return store.exports(cameraId, limit);
    }

    /** The MP4 of a ready export. */
    public Optional<Path> file(String id) {
        return export(id).filter(e -> e.state() == ExportState.ready && e.file() != null).map(e -> layout.resolve(e.file()));
    }

    public Optional<String> manifest(String id) {
        return export(id).flatMap(e -> store.manifest(e.id()));
    }

    /** Re-reads a ready export and checks it against its stored manifest and the given key. */
    public Optional<ExportVerifier.Result> verify(String id, byte[] trustedKey) throws IOException {
        Optional<Path> file = file(id);
        Optional<String> manifest = manifest(id);
        if (file.isEmpty() || manifest.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ExportVerifier.verify(file.get(), manifest.get().getBytes(StandardCharsets.UTF_8), trustedKey));
    }

    /** Deletes the files of exports whose retention ended; runs on the retention thread. */
    public void expire() {
        for (ExportRecord e : store.expiredExports(clock.millis(), 100)) {
            try {
                Files.deleteIfExists(mp4File(e.id()));
                Files.deleteIfExists(manifestFile(e.id()));
            } catch (IOException ex) {
                LOG.error("export.expire.failed", ex, "export", e.id());
                continue;
            }
            store.markExpired(e.id(), clock.millis());
            LOG.info("export.expired", "export", e.id(), "camera", e.cameraId());
            try {
                listener.get().exportExpired(e);
            } catch (RuntimeException ex) {
                LOG.error("export.listener.failed", ex, "export", e.id());
            }
        }
    }

    /** Expired exports whose audit entry is still owed (see {@code Archive.unauditedPurges} for why). */
    public List<ExpiredExport> unauditedExpiries(int limit) {
        return store.unauditedExpiries(limit);
    }

    public boolean markExpiryAudited(String id) {
        return store.markExpiryAudited(id, clock.millis());
    }

    private Path folder() {
        return layout.root().resolve(FOLDER);
    }

    private Path mp4File(String id) {
        return folder().resolve(id + ".mp4");
    }

    private Path partFile(String id) {
        return folder().resolve(id + ".mp4.part");
    }

    private Path manifestFile(String id) {
        return folder().resolve(id + ".manifest.json");
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
