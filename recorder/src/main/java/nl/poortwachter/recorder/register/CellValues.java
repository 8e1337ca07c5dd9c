package nl.poortwachter.recorder.register;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.poortwachter.recorder.register.csv.CsvWriter;

/**
 * Cell text to field values and back, the way Dutch and English spreadsheets write them: {@code ja}/{@code nee}
 * (and {@code WAAR}/{@code ONWAAR}, Dutch Excel's TRUE/FALSE), decimal commas, day-month-year dates.
 * An empty cell is null. Parsing throws {@link IllegalArgumentException} with a message that names the
 * accepted forms.
 */
public final class CellValues {
    private static final Map<String, Boolean> YES_NO = Map.ofEntries(
            Map.entry("ja", true), Map.entry("j", true), Map.entry("yes", true), Map.entry("y", true),
            Map.entry("true", true), Map.entry("waar", true), Map.entry("1", true),
            Map.entry("nee", false), Map.entry("n", false), Map.entry("no", false), Map.entry("false", false),
            Map.entry("onwaar", false), Map.entry("0", false));
    private static final Pattern DECIMAL = Pattern.compile("([+-]?\\d{1,3})(?:[.,](\\d{1,12}))?");
    private static final Pattern INTEGER = Pattern.compile("\\+?\\d{1,9}");
    private static final Pattern ISO_DATE = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
    private static final Pattern DUTCH_DATE = Pattern.compile("(\\d{1,2})([-/.])(\\d{1,2})\\2(\\d{4})");
    private static final int ECHO_LIMIT = 40;

    private CellValues() {
    }

    /**
     * The value of a cell for a field of this kind, or null for an empty cell. Text loses surrounding spaces and
     * the quote an export put before a formula-like cell ({@code '=x} back to {@code =x}), so that an exported
     * file imports unchanged.
     */
    public static Object parse(RegisterField.Kind kind, String cell) {
        String s = cell.strip();
        if (s.isEmpty()) {
            return null;
        }
        return switch (kind) {
            case TEXT, REGIME -> unprotect(s);
            case RTSP_URL -> s;
            case DECIMAL -> decimal(s);
            case INTEGER -> integer(s);
            case YES_NO -> yesNo(s);
            case DATE -> date(s);
        };
    }

    /** How an export writes a value: {@code ja}/{@code nee} or {@code yes}/{@code no}, ISO dates, plain decimals. */
    public static String format(Object value, boolean dutch, char decimalSeparator) {
        if (value == null) {
            return "";
        }
        if (value instanceof Boolean b) {
            return dutch ? (b ? "ja" : "nee") : (b ? "yes" : "no");
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString().replace('.', decimalSeparator);
        }
        return value.toString();
    }

    private static String unprotect(String s) {
        return s.length() > 1 && s.charAt(0) == '\'' && CsvWriter.looksLikeFormula(s.substring(1)) ? s.substring(1) : s;
    }

    private static BigDecimal decimal(String s) {
        Matcher m = DECIMAL.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException(echo(s) + " is not a number in degrees (e.g. 52.0907 or 52,0907)");
        }
        BigDecimal d = new BigDecimal(m.group(2) == null ? m.group(1) : m.group(1) + "." + m.group(2));
        return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    }

    private static Integer integer(String s) {
        if (!INTEGER.matcher(s).matches()) {
            throw new IllegalArgumentException(echo(s) + " is not a whole number");
        }
        return Integer.valueOf(s.startsWith("+") ? s.substring(1) : s);
    }

    private static Boolean yesNo(String s) {
        Boolean b = YES_NO.get(s.toLowerCase(Locale.ROOT));
        if (b == null) {
            throw new IllegalArgumentException(echo(s) + " is not yes or no (ja/nee, yes/no, true/false, 1/0)");
        }
        return b;
    }

    private static LocalDate date(String s) {
        try {
            Matcher iso = ISO_DATE.matcher(s);
            if (iso.matches()) {
                return LocalDate.of(Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)), Integer.parseInt(iso.group(3)));
            }
            Matcher nl = DUTCH_DATE.matcher(s);
            if (nl.matches()) {
                return LocalDate.of(Integer.parseInt(nl.group(4)), Integer.parseInt(nl.group(3)), Integer.parseInt(nl.group(1)));
            }
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(echo(s) + " is not a date in the calendar");
        }
        throw new IllegalArgumentException(echo(s) + " is not a date (write 2024-03-15 or 15-3-2024)");
    }

    /** The offending value in a message, shortened: a message repeats what it needs, not a whole cell. */
    static String echo(String s) {
        String shown = s.length() > ECHO_LIMIT ? s.substring(0, ECHO_LIMIT) + "…" : s;
        return "'" + shown + "'";
    }
}
