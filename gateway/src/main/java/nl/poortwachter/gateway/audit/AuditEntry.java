package nl.poortwachter.gateway.audit;

/**
 * One access event of the audit log. Before the writer appends it, {@code seq} is 0 and {@code hash} null; the
 * writer gives it the next sequence number and its chain hash. Times are milliseconds since the epoch, UTC.
 *
 * @param objectType {@code camera}, {@code user}, {@code session}, {@code audit}, {@code register}, {@code device}
 *                   or null
 * @param rangeFrom  start of the footage time range concerned (playback, export, deletion, hold), or null
 * @param result     {@code ok}, {@code failed}, {@code denied} or {@code error}
 * @param detail     short {@code key=value} text for what the other fields do not hold; never secrets
 * @param hash       hex SHA-256(previous hash ‖ {@link Canonical#encode canonical encoding})
 */
public record AuditEntry(long seq, long timeMillis, String actorId, String actorName, String actorRole,
                         String action, String objectType, String objectId, Long rangeFrom, Long rangeTo,
                         String result, String clientAddress, String userAgent, String purpose, String caseNumber,
                         String traceId, String detail, String hash) {

    public AuditEntry sealed(long newSeq, String newHash) {
        return new AuditEntry(newSeq, timeMillis, actorId, actorName, actorRole, action, objectType, objectId,
                rangeFrom, rangeTo, result, clientAddress, userAgent, purpose, caseNumber, traceId, detail, newHash);
    }
}
