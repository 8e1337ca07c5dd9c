package nl.poortwachter.gateway.audit;

import java.time.Instant;
import java.util.List;

/**
 * CSV export of audit entries (RFC 4180, UTF-8, CRLF). Cells that a spreadsheet would run as a formula
 * ({@code = + - @}, tab, CR at the start) get a leading apostrophe: a user agent or purpose typed by someone is
 * not allowed to become a formula on the auditor's machine. Hashes stay exact, so the export can be re-verified.
 * The processing log's lines are written the same way.
 */
public final class AuditCsv {
    public static final String HEADER = "seq,time,actor_id,actor_name,actor_role,action,object_type,object_id,"
            + "range_from,range_to,result,client_address,user_agent,purpose,case_number,trace_id,detail,hash,"
            + "time_ms,range_from_ms,range_to_ms";

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private AuditCsv() {
    }

    public static String write(List<AuditEntry> entries) {
        StringBuilder b = new StringBuilder(HEADER.length() + entries.size() * 300);
        b.append(HEADER).append("\r\n");
        for (AuditEntry e : entries) {
            row(b, Long.toString(e.seq()), iso(e.timeMillis()), e.actorId(), e.actorName(), e.actorRole(), e.action(),
                    e.objectType(), e.objectId(), e.rangeFrom() == null ? null : iso(e.rangeFrom()),
                    e.rangeTo() == null ? null : iso(e.rangeTo()), e.result(), e.clientAddress(), e.userAgent(),
                    e.purpose(), e.caseNumber(), e.traceId(), e.detail(), e.hash(), Long.toString(e.timeMillis()),
                    e.rangeFrom() == null ? null : e.rangeFrom().toString(),
                    e.rangeTo() == null ? null : e.rangeTo().toString());
        }
        return b.toString();
    }

    public static final String PROCESSING_HEADER = "trace_id,span_id,parent_span_id,name,status,start_time,end_time,"
            + "start,end,resource,attributes";

    /** Processing lines with the Logboek Dataverwerkingen field names; resource and attributes as JSON objects. */
    public static String writeProcessing(List<ProcessingRecord> lines) {
        StringBuilder b = new StringBuilder(PROCESSING_HEADER.length() + lines.size() * 300);
        b.append(PROCESSING_HEADER).append("\r\n");
        for (ProcessingRecord p : lines) {
            row(b, p.traceId(), p.spanId(), p.parentSpanId(), p.name(), p.status(), Long.toString(p.startTime()),
                    Long.toString(p.endTime()), iso(p.startTime()), iso(p.endTime()), json(p.resource()),
                    json(p.attributes()));
        }
        return b.toString();
    }

    private static String json(java.util.Map<String, String> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private static void row(StringBuilder b, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            cell(b, cells[i]);
        }
        b.append("\r\n");
    }

    static void cell(StringBuilder b, String v) {
        if (v == null || v.isEmpty()) {
            return;
        }
        char first = v.charAt(0);
        boolean formula = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        // A negative number is data, not a formula; anything else starting like one is defused.
        if (formula && v.matches("-\\d+")) {
            formula = false;
        }
        String s = formula ? "'" + v : v;
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0 || formula) {
            b.append('"').append(s.replace("\"", "\"\"")).append('"');
        } else {
            b.append(s);
        }
    }
}
