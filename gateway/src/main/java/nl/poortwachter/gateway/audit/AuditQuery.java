package nl.poortwachter.gateway.audit;

/**
 * Filters of an auditor's search; null means "any". {@code action} ending in {@code .} or {@code .*} matches a
 * prefix ({@code camera.*} is every camera action). {@code beforeSeq} pages backwards from the newest.
 */
public record AuditQuery(String user, String camera, String action, String result, Long fromMillis,
                         Long toMillis, Long beforeSeq, int limit, boolean ascending) {
}
