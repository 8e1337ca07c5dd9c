package nl.poortwachter.recorder.register.csv;

import java.util.List;

/**
 * One record of a CSV file: its cells and the line it starts on (1-based; a quoted cell may span lines).
 * A record the reader could not split cleanly carries a {@link #problem} about cell {@link #problemCell}
 * (1-based; 0 when there is none).
 */
public record CsvRecord(int line, List<String> cells, int problemCell, String problem) {
    public boolean blank() {
        return cells.stream().allMatch(String::isBlank);
    }
}
