package nl.poortwachter.recorder.ingest.source;

import nl.poortwachter.recorder.camera.ProbeResult.Problem;

/**
 * A source could not open or read on. The message is worded for an integrator and holds no secret.
 *
 * @see #reachable() whether the camera accepted a connection: the reconnect policy watches an unreachable
 *      camera for its return, and backs off from one that accepts and then fails
 */
public final class SourceException extends Exception {
    private final Problem problem;
    private final boolean reachable;
    private final boolean permanent;

    public SourceException(Problem problem, String message, boolean reachable, boolean permanent) {
        super(message, null, false, false);
        this.problem = problem;
        this.reachable = reachable;
        this.permanent = permanent;
    }

    public Problem problem() {
        return problem;
    }

    /** False when no TCP connection to the camera could be made (refused, no route, no answer to connect). */
    public boolean reachable() {
        return reachable;
    }

    /** Retrying without a change of the camera or the configuration would not help (e.g. its address is not allowed). */
    public boolean permanent() {
        return permanent;
    }
}
