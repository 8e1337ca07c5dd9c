package nl.poortwachter.recorder.ingest;

/** The camera changed its sequence parameters (e.g. resolution): reconnect to pick up the new format. */
final class StreamChangedException extends Exception {
    StreamChangedException(String message) {
        super(message);
    }
}
