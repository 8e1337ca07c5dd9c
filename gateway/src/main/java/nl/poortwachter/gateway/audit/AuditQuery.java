package nl.poortwachter.gateway.audit;

/**
 * Filters of an auditor's search; null means "any". {@code action} ending in {@code .} or {@code .*} matches a
 * prefix ({@code camera.*} is every camera action). {@code text} matches entries that contain it, ignoring case
 * (ASCII letters), in any of their words: user, role, action, object, result, origin, purpose, case number,
 * detail, trace. {@code beforeSeq} pages backwards from the newest.
 */
public record AuditQuery(String user, String camera, String action, String result, Long fromMillis,
                         Long toMillis, Long beforeSeq, int limit, boolean ascending, String text) {

    /** Without a text filter. */
    public AuditQuery(String user, String camera, String action, String result, Long fromMillis, Long toMillis,
                      Long beforeSeq, int limit, boolean ascending) {
        this(user, camera, action, result, fromMillis, toMillis, beforeSeq, limit, ascending, null);
    }
}
