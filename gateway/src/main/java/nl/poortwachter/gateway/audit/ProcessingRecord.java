package nl.poortwachter.gateway.audit;

import java.util.Map;

/**
 * One line of the processing log in the shape of the Logboek Dataverwerkingen standard. It holds no user
 * identity: who did it is in the audit log, joined on {@code traceId}.
 *
 * @param resource   the gateway's identity: {@code name} (configured) and {@code version}
 * @param status     {@code Unset}, {@code Ok} or {@code Error}
 * @param attributes {@code dpl.core.processing_activity_id} (always), {@code dpl.core.data_subject_id} and
 *                   {@code dpl.core.data_subject_id_type} (when a data subject is known), and
 *                   {@code poortwachter.camera_id}
 */
public record ProcessingRecord(String traceId, String spanId, String parentSpanId, String name, String status,
                               long startTime, long endTime, Map<String, String> resource,
                               Map<String, String> attributes) {
    public static final String ACTIVITY = "dpl.core.processing_activity_id";
    public static final String SUBJECT_ID = "dpl.core.data_subject_id";
    public static final String SUBJECT_TYPE = "dpl.core.data_subject_id_type";
    public static final String CAMERA = "poortwachter.camera_id";
}
