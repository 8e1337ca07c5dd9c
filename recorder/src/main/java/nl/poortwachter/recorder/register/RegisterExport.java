package nl.poortwachter.recorder.register;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import nl.poortwachter.recorder.register.csv.CsvWriter;

/**
 * The register as CSV or JSON, for spreadsheets, councils and other systems. Only the fields that may leave the
 * gateway ({@link RegisterField#exported()}): never a stream URL, and the register holds no credentials. CSV text
 * cells that a spreadsheet would run as a formula are neutralised ({@link CsvWriter}); an exported CSV imports
 * back without changes.
 */
public final class RegisterExport {
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<RegisterField> FIELDS = Arrays.stream(RegisterField.values()).filter(RegisterField::exported).toList();

    /**
     * {@link #DUTCH}: ';' separated, decimal commas, Dutch column names and ja/nee, as Dutch Excel opens it with a
     * double click. {@link #ENGLISH}: ',' separated, decimal points, English names and yes/no. Both are UTF-8 with a
     * byte order mark, without which Excel reads UTF-8 as Windows-1252.
     */
    public enum CsvStyle {
        DUTCH(';', ',', true), ENGLISH(',', '.', false);

        final char separator;
        final char decimalSeparator;
        final boolean dutch;

        CsvStyle(char separator, char decimalSeparator, boolean dutch) {
            this.separator = separator;
            this.decimalSeparator = decimalSeparator;
            this.dutch = dutch;
        }
    }

    private RegisterExport() {
    }

    public static byte[] csv(Collection<RegisterEntry> entries, CsvStyle style) {
        List<Boolean> textCells = FIELDS.stream().map(f -> f.kind() == RegisterField.Kind.TEXT || f.kind() == RegisterField.Kind.REGIME).toList();
        CsvWriter out = new CsvWriter(style.separator);
        out.record(FIELDS.stream().map(f -> f.header(style.dutch)).toList(), FIELDS.stream().map(f -> true).toList());
        for (RegisterEntry e : entries) {
            List<String> cells = new ArrayList<>(FIELDS.size());
            for (RegisterField f : FIELDS) {
                cells.add(CellValues.format(e.value(f), style.dutch, style.decimalSeparator));
            }
            out.record(cells, textCells);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(UTF8_BOM);
        bytes.writeBytes(out.toString().getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }

    /** A JSON array of objects keyed by the fields' API names; unknown values are null. */
    public static String json(Collection<RegisterEntry> entries) {
        ArrayNode array = JSON.createArrayNode();
        for (RegisterEntry e : entries) {
            ObjectNode o = array.addObject();
            for (RegisterField f : FIELDS) {
                Object v = e.value(f);
                if (v == null) {
                    o.putNull(f.apiName());
                } else if (v instanceof BigDecimal d) {
                    o.put(f.apiName(), d);
                } else if (v instanceof Integer i) {
                    o.put(f.apiName(), i);
                } else if (v instanceof Boolean b) {
                    o.put(f.apiName(), b);
                } else {
                    o.put(f.apiName(), v.toString());
                }
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }
}
