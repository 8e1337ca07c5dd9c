package nl.poortwachter.gateway.audit.anchor;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import nl.poortwachter.gateway.audit.Checkpoint;

/**
 * Checkpoints read back from a copy of an anchor: the anchor file itself, or whatever the syslog collector wrote
 * (one message per line, any prefix the collector adds). A line counts if it holds a JSON object with a checkpoint's
 * fields; other lines (other programs' messages) are skipped. Signatures are not checked here but by the verifier.
 */
public final class AnchorCopy {
    /** How much of the file's end the start-up check reads: many checkpoints' worth, never the whole history. */
    private static final int TAIL_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private AnchorCopy() {
    }

    /** Every checkpoint in the copy, by sequence number. */
    public static List<Checkpoint> read(Path copy) throws IOException {
        List<Checkpoint> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(copy, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                parse(line).ifPresent(out::add);
            }
        }
        out.sort(Comparator.comparingLong(Checkpoint::seq));
        return out;
    }

    /** The newest checkpoint at the end of an anchor file, if the file exists and holds one. */
    public static Optional<Checkpoint> newest(Path file) throws IOException {
        if (file == null || !Files.exists(file)) {
            return Optional.empty();
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, f.length() - TAIL_BYTES);
            byte[] tail = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(tail);
            Optional<Checkpoint> newest = Optional.empty();
            for (String line : new String(tail, StandardCharsets.UTF_8).split("\n")) {
                Optional<Checkpoint> c = parse(line);
                if (c.isPresent() && (newest.isEmpty() || c.get().seq() > newest.get().seq())) {
                    newest = c;
                }
            }
            return newest;
        }
    }

    static Optional<Checkpoint> parse(String line) {
        int open = line.indexOf("{\"seq\"");
        int close = line.lastIndexOf('}');
        if (open < 0 || close < open) {
            return Optional.empty();
        }
        try {
            Checkpoint c = JSON.readValue(line.substring(open, close + 1), Checkpoint.class);
            return c.hash() == null || c.signature() == null || c.keyId() == null ? Optional.empty() : Optional.of(c);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
