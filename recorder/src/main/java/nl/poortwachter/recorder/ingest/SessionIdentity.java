package nl.poortwachter.recorder.ingest;

/** Which camera a session belongs to and when its connection was made: what its files say about themselves. */
record SessionIdentity(String cameraId, long openedAtMillis) {
}
