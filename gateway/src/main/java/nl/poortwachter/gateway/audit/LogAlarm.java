package nl.poortwachter.gateway.audit;

import java.util.List;

/**
 * What the gateway found wrong with its own log at start-up, and has not yet been acknowledged by an administrator.
 * While it stands the log refuses to record actions (they are answered 503, as when the log cannot be written,
 * docs/decisions.md D14 and D48): a log that was cut or whose key changed must not silently grow on.
 *
 * @param since when it was raised (ms)
 */
public record LogAlarm(List<Problem> problems, long since) {
    /** One finding. Kinds: {@value #CUT}, {@value #REWRITTEN}, {@value #KEY_REPLACED}, {@value #KEY_CHANGED}. */
    public record Problem(String kind, String message) {
    }

    /** The log is shorter than a signed checkpoint (stored or anchored outside the box) vouches for. */
    public static final String CUT = "cut";
    /** An entry differs from the hash a signed checkpoint holds for it: the chain was recomputed. */
    public static final String REWRITTEN = "rewritten";
    /** The signing key was gone; a new one was made. */
    public static final String KEY_REPLACED = "key_replaced";
    /** The key in the key folder is not the one the log was signed with. */
    public static final String KEY_CHANGED = "key_changed";

    public LogAlarm {
        problems = List.copyOf(problems);
    }

    /** The kinds of what was found, each once, in the order found. */
    public List<String> kinds() {
        return problems.stream().map(Problem::kind).distinct().toList();
    }

    public String summary() {
        StringBuilder b = new StringBuilder();
        for (Problem p : problems) {
            b.append(b.length() == 0 ? "" : "; ").append(p.kind()).append(": ").append(p.message());
        }
        return b.toString();
    }
}
