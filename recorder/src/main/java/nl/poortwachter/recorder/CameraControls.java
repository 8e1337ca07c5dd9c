package nl.poortwachter.recorder;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import nl.poortwachter.recorder.camera.CameraSpec;
import nl.poortwachter.recorder.camera.CameraStore;
import nl.poortwachter.recorder.cluster.LeaseKeeper;
import nl.poortwachter.recorder.logging.Log;
import nl.poortwachter.recorder.retention.RecordingControl;
import nl.poortwachter.recorder.storage.CameraLease;

/**
 * What others may do with this recorder's pipelines, each under the recorder's camera lock: a cluster node's lease
 * keeper starts and stops the cameras whose lease it takes or loses (D72) and follows edits made on other nodes
 * (D79); the storage reserve pauses and resumes cameras, their configuration untouched.
 */
final class CameraControls {
    private static final Log LOG = Log.of(CameraControls.class);

    private final CameraStore cameras;
    private final Pipelines pipelines;
    private final Object cameraLock;
    /** Whether a stored camera's URL is allowed by the policy as it is now (records why not when refused). */
    private final Predicate<CameraSpec> allowedNow;
    /** The cameras as the lease keeper's last round read them: a change is another node's edit (D79). */
    private volatile Map<String, CameraSpec> listed = Map.of();

    CameraControls(CameraStore cameras, Pipelines pipelines, Object cameraLock, Predicate<CameraSpec> allowedNow) {
        this.cameras = cameras;
        this.pipelines = pipelines;
        this.cameraLock = cameraLock;
        this.allowedNow = allowedNow;
    }

    /** What a cluster node's lease keeper records here: the cameras it holds the lease of. */
    LeaseKeeper.Cameras forLeaseKeeper() {
        return new LeaseKeeper.Cameras() {
            @Override
            public Set<String> recordable() {
                Set<String> out = new HashSet<>();
                Map<String, CameraSpec> now = new HashMap<>();
                for (CameraSpec c : cameras.list()) {
                    if (c.recording() && allowedNow.test(c)) {
                        out.add(c.id());
                    }
                    now.put(c.id(), c);
                    followEdit(listed.get(c.id()), c);
                }
                listed = now;
                return out;
            }

            @Override
            public void start(String id, CameraLease lease) {
                startIfRecording(id);
            }

            @Override
            public void stop(String id) {
                synchronized (cameraLock) {
                    pipelines.stop(id);
                }
            }
        };
    }

    /** What the storage reserve may do: stop and restart a camera's pipeline. */
    RecordingControl forStorageReserve() {
        return new RecordingControl() {
            @Override
            public boolean isRecording(String id) {
                return pipelines.isRunning(id);
            }

            @Override
            public void pause(String id) {
                synchronized (cameraLock) {
                    pipelines.stop(id);
                }
            }

            @Override
            public void resume(String id) {
                synchronized (cameraLock) {
                    if (!pipelines.isRunning(id)) {
                        startIfRecording(id);
                    }
                }
            }
        };
    }

    private void startIfRecording(String id) {
        synchronized (cameraLock) {
            cameras.find(id).filter(CameraSpec::recording).ifPresent(pipelines::start);
        }
    }

    /**
     * A camera changed on another node of the cluster (D79): the node recording it restarts its pipeline with the
     * stored description within a lease keeper round, as the node where it was edited would. A change made here has
     * restarted the pipeline already with what was stored, so it is not restarted again.
     */
    private void followEdit(CameraSpec before, CameraSpec stored) {
        if (before == null || before.equals(stored)) {
            return;
        }
        synchronized (cameraLock) {
            CameraPipeline running = pipelines.get(stored.id());
            if (running != null && !running.camera().equals(stored)) {
                LOG.info("camera.updated.elsewhere", "camera", stored.id(), "url", stored.url());
                pipelines.stop(stored.id());
                if (stored.recording()) {
                    pipelines.start(stored);
                }
            }
        }
    }
}
