package nl.poortwachter.recorder.onvif;

/** A failed ONVIF exchange: what kind of problem, and a message for the integrator that never holds a password. */
public final class OnvifException extends Exception {
    private final OnvifProblem problem;

    public OnvifException(OnvifProblem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public OnvifProblem problem() {
        return problem;
    }
}
