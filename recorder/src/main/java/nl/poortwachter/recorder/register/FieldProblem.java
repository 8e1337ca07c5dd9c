package nl.poortwachter.recorder.register;

/** What is wrong with one field of an entry, in words an integrator can act on. */
public record FieldProblem(RegisterField field, String message) {
    @Override
    public String toString() {
        return field.apiName() + ": " + message;
    }
}
