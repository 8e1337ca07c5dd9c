package nl.poortwachter.recorder;

import java.time.Clock;
import java.util.Objects;
import nl.poortwachter.recorder.camera.CameraListener;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.CameraStore;
import nl.poortwachter.recorder.camera.ChangeApproval;
import nl.poortwachter.recorder.camera.PipelineMode;
import nl.poortwachter.recorder.camera.PolicyOverride;
import nl.poortwachter.recorder.camera.SubStream;
import nl.poortwachter.recorder.logging.Log;

/**
 * The steps between a camera change being stored and it taking effect: an override's time and author, the caller's
 * approval (hooks first), and putting the stored camera back when the approval refuses. The {@link Recorder} calls
 * them under its camera lock, around starting and stopping pipelines, which stay its own.
 */
final class CameraChanges {
    private static final Log LOG = Log.of(CameraChanges.class);

    private final CameraStore cameras;
    private final Clock clock;

    CameraChanges(CameraStore cameras, Clock clock) {
        this.cameras = cameras;
        this.clock = clock;
    }

    /** A new override gets its time here; an unchanged one keeps its original time and author. */
    CameraSpec stampOverride(CameraSpec c, CameraSpec before) {
        PolicyOverride o = c.policyOverride();
        if (o == null) {
            return c;
        }
        PolicyOverride previous = before == null ? null : before.policyOverride();
        if (previous != null && previous.reason().equals(o.reason())) {
            return c.withPipeline(c.mode(), c.transcode(), c.masks(), previous);
        }
        return c.withPipeline(c.mode(), c.transcode(), c.masks(), new PolicyOverride(o.reason(), o.by(), clock.instant().toString()));
    }

    /**
     * An update without a password keeps the stored one: the API never returns it ({@code "username": ""} drops
     * both).
     */
    static CameraSpec keepPassword(CameraSpec merged, CameraSpec existing) {
        CameraSpec kept = merged.withSubStream(keepSubPassword(merged.subStream(), existing.subStream()));
        if (merged.password() == null && !urlHasCredentials(merged.url()) && existing.hasCredentials()) {
            String user = merged.username() == null ? existing.username() : merged.username();
            return kept.withCredentials(user, user.isEmpty() ? null : existing.password());
        }
        return kept;
    }

    /** The same rule for the sub-stream's credentials (D89): a sub-stream sent back as GET shows it keeps them. */
    private static SubStream keepSubPassword(SubStream sub, SubStream existing) {
        if (sub == null || existing == null || sub.password() != null || urlHasCredentials(sub.url())
                || !existing.hasCredentials()) {
            return sub;
        }
        String user = sub.username() == null ? existing.username() : sub.username();
        return new SubStream(sub.url(), user, user.isEmpty() ? null : existing.password());
    }

    /**
     * Between storing a change and letting it take effect: the caller's approval hears of it, hooks first. If it
     * throws, the change must not take effect: the stored camera is put back (the caller has not restarted the
     * pipeline yet, so it still runs as before) and the exception refuses the change.
     */
    void confirmOrUndo(CameraSpec before, CameraSpec after, ChangeApproval approval) {
        try {
            tellHooks(approval, before, after);
            approval.approve(before == null ? null : before.withoutSecrets(), after.withoutSecrets());
        } catch (RuntimeException e) {
            LOG.error("camera.change.refused", e, "camera", after.id());
            undoStore(before, after);
            throw e;
        }
    }

    private static void tellHooks(CameraListener hooks, CameraSpec before, CameraSpec after) {
        boolean pipelineChanged = before == null
                ? after.mode() == PipelineMode.passthrough || (after.masks() != null && !after.masks().isEmpty())
                : before.mode() != after.mode() || !Objects.equals(before.masks(), after.masks());
        boolean newOverride = after.policyOverride() != null
                && (before == null || !after.policyOverride().equals(before.policyOverride()));
        boolean removedOverride = before != null && before.policyOverride() != null && after.policyOverride() == null;
        if (pipelineChanged) {
            hooks.pipelineChanged(after.id(), before == null ? null : before.withoutSecrets(), after.withoutSecrets());
        }
        if (newOverride) {
            hooks.policyOverridden(after.id(), after.policyOverride());
        }
        if (removedOverride) {
            hooks.policyOverrideRemoved(after.id(), before.policyOverride());
        }
    }

    /** Restores the camera as it was stored before {@code after} was written (removes it if it was new). */
    private void undoStore(CameraSpec before, CameraSpec after) {
        try {
            if (before == null) {
                cameras.delete(after.id());
            } else {
                cameras.update(before);
            }
        } catch (RuntimeException e) {
            LOG.error("camera.undo.failed", e, "camera", after.id());
        }
    }

    private static boolean urlHasCredentials(String url) {
        return url != null && url.matches("(?i)^rtsps?://[^/]*@.*");
    }
}
