package nl.poortwachter.recorder.register;

import java.util.List;

/** An entry that cannot be stored as given: every problem, each naming its field. Nothing was changed. */
public final class InvalidRegisterEntryException extends RuntimeException {
    private final List<FieldProblem> problems;

    public InvalidRegisterEntryException(List<FieldProblem> problems) {
        super(problems.toString(), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
