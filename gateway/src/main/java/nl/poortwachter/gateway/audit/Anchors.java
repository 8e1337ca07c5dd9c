package nl.poortwachter.gateway.audit;

/**
 * Where each signed checkpoint is also sent, outside the box (an append-only syslog collector, a file on other
 * storage): so that a log rewritten on the box, its checkpoints and key included, still disagrees with a copy the
 * gateway cannot take back. Sending never blocks the audit writer; a failed delivery is logged, counted and retried.
 */
public interface Anchors extends AutoCloseable {
    /** No anchors configured. */
    Anchors NONE = new Anchors() {
        @Override
        public void send(Checkpoint c) {
        }

        @Override
        public void close() {
        }
    };

    /** Queues the checkpoint for every anchor; returns at once. */
    void send(Checkpoint c);

    /** Delivers what is queued (a bounded wait), then stops. */
    @Override
    void close();

    /** One line of text for a checkpoint, as anchors carry it: a JSON object with the API's field names. */
    static String line(Checkpoint c) {
        return "{\"seq\":" + c.seq() + ",\"hash\":\"" + c.hash() + "\",\"timeMillis\":" + c.timeMillis()
                + ",\"keyId\":\"" + c.keyId() + "\",\"signature\":\"" + c.signature() + "\"}";
    }
}
