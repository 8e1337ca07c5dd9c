package nl.poortwachter.recorder.register.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records as RFC 4180 has it: cells separated by one character, a cell in double quotes
 * may hold separators, line breaks and doubled quotes ({@code ""}); lines end in CRLF or LF. A quote inside an
 * unquoted cell is kept as text (spreadsheets read it so); text after a closing quote is a problem of that
 * record; a quote never closed is a problem of the whole file ({@link UnclosedQuoteException}).
 */
public final class CsvReader {
    private final String text;
    private final char separator;
    private int pos;
    private int line = 1;

    public CsvReader(String text, char separator) {
        this.text = text;
        this.separator = separator;
    }

    /** A quoted cell runs to the end of the file. */
    public static final class UnclosedQuoteException extends Exception {
        private final int line;

        UnclosedQuoteException(int line) {
            super("a quoted cell that starts on line " + line + " is never closed (a \" is missing)");
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    /**
     * The separator a header line uses: ';' (what Dutch spreadsheet programs write) or ','; whichever occurs
     * more often outside quotes, ';' when neither occurs.
     */
    public static char detectSeparator(String text) {
        int semicolons = 0;
        int commas = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                break;
            } else if (!quoted && c == ';') {
                semicolons++;
            } else if (!quoted && c == ',') {
                commas++;
            }
        }
        return commas > semicolons ? ',' : ';';
    }

    /** The next record, or null at the end of the text. */
    public CsvRecord next() throws UnclosedQuoteException {
        if (pos >= text.length()) {
            return null;
        }
        int startLine = line;
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int problemCell = 0;
        String problem = null;
        while (true) {
            if (pos >= text.length()) {
                cells.add(cell.toString());
                return new CsvRecord(startLine, cells, problemCell, problem);
            }
            char c = text.charAt(pos);
            if (c == '"' && cell.length() == 0) {
                readQuoted(cell);
                if (pos < text.length() && !atCellEnd(text.charAt(pos)) && problem == null) {
                    problemCell = cells.size() + 1;
                    problem = "text after the closing quote of a quoted cell (a quote inside a quoted cell must be doubled: \"\")";
                }
                continue;
            }
            pos++;
            if (c == separator) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                    pos++;
                }
                line++;
                cells.add(cell.toString());
                return new CsvRecord(startLine, cells, problemCell, problem);
            } else {
                cell.append(c);
            }
        }
    }

    private boolean atCellEnd(char c) {
        return c == separator || c == '\n' || c == '\r';
    }

    /** Reads a quoted cell from its opening quote to just after its closing quote. */
    private void readQuoted(StringBuilder cell) throws UnclosedQuoteException {
        int openedOn = line;
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                if (pos < text.length() && text.charAt(pos) == '"') {
                    cell.append('"');
                    pos++;
                } else {
                    return;
                }
            } else {
                if (c == '\n') {
                    line++;
                }
                cell.append(c);
            }
        }
        throw new UnclosedQuoteException(openedOn);
    }
}
