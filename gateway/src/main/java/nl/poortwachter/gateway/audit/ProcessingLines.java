package nl.poortwachter.gateway.audit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the processing log's lines (Logboek Dataverwerkingen, D14) that go with an audit entry: one span of the
 * request's trace per processing, naming the processing activity of the legal regime concerned.
 */
final class ProcessingLines {
    private final Function<String, String> activityOfRegime;
    private final Map<String, String> resource;

    /**
     * @param activityOfRegime the processing activity (register URI) of a legal regime id
     * @param resource         the gateway's identity for the processing log ({@code name}, {@code version})
     */
    ProcessingLines(Function<String, String> activityOfRegime, Map<String, String> resource) {
        this.activityOfRegime = activityOfRegime;
        this.resource = Map.copyOf(resource);
    }

    /**
     * The lines of one delivery of recorded footage, one per legal regime it was recorded under (D87): each regime
     * is its own processing activity in the municipality's register, and a line names exactly one. The first line
     * is the request's own span; each further regime gets a span of its own beside it (same trace, same parent), so
     * every line stays one span of the trace. No regime known (no footage): one line under the unknown activity.
     */
    List<ProcessingRecord> perRegime(TraceContext trace, String name, String cameraId,
                                             Collection<String> regimes, long at, DataSubject subject) {
        List<ProcessingRecord> lines = new ArrayList<>();
        TraceContext span = trace;
        for (String regime : regimes.isEmpty() ? java.util.Collections.<String>singletonList(null) : regimes) {
            lines.add(processing(span, name, cameraId, regime, at, at, "Ok", subject));
            span = new TraceContext(trace.traceId(), TraceContext.newSpanId(), trace.parentSpanId());
        }
        return lines;
    }

    ProcessingRecord processing(TraceContext trace, String name, String cameraId, String regime, long start,
                                        long end, String status, DataSubject subject) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(ProcessingRecord.ACTIVITY, activityOfRegime.apply(regime));
        if (subject != null) {
            attributes.put(ProcessingRecord.SUBJECT_ID, subject.id());
            attributes.put(ProcessingRecord.SUBJECT_TYPE, subject.type());
        }
        if (cameraId != null) {
            // A camera tested before it was saved has no id yet.
            attributes.put(ProcessingRecord.CAMERA, cameraId);
        }
        // The request's own span is the processing; its parent is the caller's span from traceparent, if any.
        return new ProcessingRecord(trace.traceId(), trace.spanId(), trace.parentSpanId(), name, status, start, end,
                resource, attributes);
    }
}
