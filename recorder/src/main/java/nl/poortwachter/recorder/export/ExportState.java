package nl.poortwachter.recorder.export;

/** pending → ready | failed; ready → expired when the export's own retention ends. */
public enum ExportState {
    pending, ready, failed, expired
}
