package nl.poortwachter.recorder.register.csv;

import java.util.List;

/**
 * Writes CSV records (RFC 4180, CRLF line ends). Text cells that a spreadsheet would run as a formula
 * ({@code =}, {@code +}, {@code -}, {@code @}, tab or CR first) get a leading {@code '} (OWASP's advice
 * against CSV injection); cells with the separator, a quote or a line break are quoted.
 */
public final class CsvWriter {
    private static final String FORMULA_STARTS = "=+-@\t\r";
    private final char separator;
    private final StringBuilder out = new StringBuilder();

    public CsvWriter(char separator) {
        this.separator = separator;
    }

    /** Whether a spreadsheet would take this text for a formula (OWASP: CSV injection). */
    public static boolean looksLikeFormula(String text) {
        return !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0;
    }

    /**
     * Appends one record. {@code text[i]} says whether cell i is free text that must be protected against
     * formula injection; the cells the exporter formats itself (numbers, dates, yes/no) are not.
     */
    public CsvWriter record(List<String> cells, List<Boolean> text) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(separator);
            }
            String cell = cells.get(i);
            if (text.get(i) && looksLikeFormula(cell)) {
                cell = "'" + cell;
            }
            appendQuotedIfNeeded(cell);
        }
        out.append("\r\n");
        return this;
    }

    private void appendQuotedIfNeeded(String cell) {
        boolean quote = cell.indexOf(separator) >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
                || cell.indexOf('\r') >= 0;
        if (!quote) {
            out.append(cell);
            return;
        }
        out.append('"').append(cell.replace("\"", "\"\"")).append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
