package nl.poortwachter.recorder.register;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import nl.poortwachter.recorder.register.csv.CsvReader;
import nl.poortwachter.recorder.register.csv.CsvRecord;
import nl.poortwachter.recorder.register.csv.TextDecoding;

/**
 * Plans the import of a register spreadsheet saved as CSV: the dry run. It reads the file (UTF-8 or
 * Windows-1252, ';' or ',' separated), recognises the columns, checks every row as {@link RegisterRules} does and
 * compares it with the register as it is; it changes nothing. The resulting {@link ImportPlan} lists per row what
 * would be created or changed and every problem with its line and column; a store applies it in one transaction.
 * Blocking and CPU-bound (10,000 rows in well under a second): call it from a worker thread.
 */
public final class RegisterImport {
    private final RegisterRules rules;
    private final ImportLimits limits;

    public RegisterImport(RegisterRules rules, ImportLimits limits) {
        this.rules = rules;
        this.limits = limits;
    }

    /** Plans a file on disk; one larger than the limit is refused from its size alone. */
    public ImportPlan plan(Path file, Map<String, String> mapping, Collection<RegisterEntry> register) throws IOException {
        long size = Files.size(file);
        if (size > limits.maxBytes()) {
            return tooLarge(size);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return plan(in, size, mapping, register);
        }
    }

    /**
     * Plans a stream (an upload). {@code declaredSize} (e.g. Content-Length; -1 if unknown) over the limit is
     * refused without reading; otherwise at most one byte more than the limit is read before refusing.
     */
    public ImportPlan plan(InputStream in, long declaredSize, Map<String, String> mapping, Collection<RegisterEntry> register)
            throws IOException {
        if (declaredSize > limits.maxBytes()) {
            return tooLarge(declaredSize);
        }
        byte[] bytes = in.readNBytes(limits.maxBytes() + 1);
        if (bytes.length > limits.maxBytes()) {
            return tooLarge(-1);
        }
        return plan(bytes, mapping, register);
    }

    /**
     * @param mapping  column name as in the file → a field's API name or {@link ColumnMapping#IGNORE}, for the
     *                 columns that are not recognised by name (may be empty)
     * @param register every entry of the register now
     */
    public ImportPlan plan(byte[] bytes, Map<String, String> mapping, Collection<RegisterEntry> register) {
        if (bytes.length > limits.maxBytes()) {
            return tooLarge(bytes.length);
        }
        TextDecoding.Decoded decoded;
        try {
            decoded = TextDecoding.decode(bytes);
        } catch (TextDecoding.BrokenEncodingException e) {
            return ImportPlan.refused(null, e.line(), e.getMessage());
        }
        char separator = CsvReader.detectSeparator(decoded.text());
        CsvReader reader = new CsvReader(decoded.text(), separator);
        List<ImportPlan.ImportProblem> problems = new ArrayList<>();
        try {
            CsvRecord header = reader.next();
            if (header == null || header.blank()) {
                return ImportPlan.refused(decoded.encoding(), 1, "the first line must name the columns (e.g. "
                        + RegisterField.LOCATION.header(true) + ";" + RegisterField.DESCRIPTION.header(true) + ")");
            }
            ColumnMapping.Result columns = ColumnMapping.map(header.cells(), mapping);
            checkHeader(header, columns, problems);
            if (columns.columnOf(RegisterField.LOCATION).isEmpty()) {
                return new ImportPlan(decoded.encoding(), separator, columns.columns(), List.of(), List.copyOf(problems));
            }
            RowPlanner rows = new RowPlanner(rules, columns, header.cells().size(), register, problems);
            int count = 0;
            for (CsvRecord record = reader.next(); record != null; record = reader.next()) {
                if (record.blank()) {
                    continue;
                }
                if (++count > limits.maxRows()) {
                    problems.add(new ImportPlan.ImportProblem(record.line(), 0, null, null, "the file has more than "
                            + limits.maxRows() + " rows, the most one import takes; split it"));
                    break;
                }
                rows.plan(record);
            }
            return new ImportPlan(decoded.encoding(), separator, columns.columns(), rows.rows(), List.copyOf(problems));
        } catch (CsvReader.UnclosedQuoteException e) {
            problems.add(new ImportPlan.ImportProblem(e.line(), 0, null, null, e.getMessage()));
            return new ImportPlan(decoded.encoding(), separator, List.of(), List.of(), List.copyOf(problems));
        }
    }

    private static void checkHeader(CsvRecord header, ColumnMapping.Result columns, List<ImportPlan.ImportProblem> problems) {
        if (header.problem() != null) {
            problems.add(new ImportPlan.ImportProblem(header.line(), header.problemCell(), null, null, header.problem()));
        }
        for (ColumnMapping.HeaderProblem p : columns.problems()) {
            problems.add(new ImportPlan.ImportProblem(p.position() == 0 ? 0 : header.line(), p.position(), p.name(), null,
                    p.message()));
        }
        if (columns.columnOf(RegisterField.LOCATION).isEmpty()) {
            problems.add(new ImportPlan.ImportProblem(header.line(), 0, null, RegisterField.LOCATION, "required column '"
                    + RegisterField.LOCATION.header(true) + "' ('" + RegisterField.LOCATION.header(false) + "') is missing;"
                    + " the columns are " + header.cells()));
        }
    }

    private ImportPlan tooLarge(long size) {
        return ImportPlan.refused(null, 0, "the file is " + (size < 0 ? "larger than " + mebibytes(limits.maxBytes())
                : mebibytes(size)) + "; an import takes at most " + mebibytes(limits.maxBytes()));
    }

    private static String mebibytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
