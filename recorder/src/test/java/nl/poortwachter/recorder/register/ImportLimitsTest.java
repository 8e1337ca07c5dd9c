package nl.poortwachter.recorder.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportLimitsTest {
    private static final long FIFTY_MB = 50L * 1024 * 1024;

    /** A 50 MB upload of valid rows, made as it is read, counting what the importer takes from it. */
    private static final class HugeUpload extends InputStream {
        private final byte[] row = "Neude;Plein;Dahua;ja\n".getBytes(StandardCharsets.US_ASCII);
        long read;

        @Override
        public int read() {
            return read >= FIFTY_MB ? -1 : row[(int) (read++ % row.length)];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int n = (int) Math.min(len, FIFTY_MB - read);
            if (n <= 0) {
                return -1;
            }
            for (int i = 0; i < n; i++) {
                b[off + i] = row[(int) ((read + i) % row.length)];
            }
            read += n;
            return n;
        }
    }

    @Test
    void aFiftyMegabyteUploadIsRefusedAfterReadingNoMoreThanTheLimit() throws Exception {
        HugeUpload unknownSize = new HugeUpload();
        ImportPlan plan = RegisterFixtures.IMPORT.plan(unknownSize, -1, Map.of(), List.of());
        assertFalse(plan.applicable());
        assertEquals(List.of("file: the file is larger than 10.0 MiB; an import takes at most 10.0 MiB"),
                plan.problems().stream().map(Object::toString).toList());
        assertEquals(ImportLimits.DEFAULT.maxBytes() + 1, unknownSize.read, "reads one byte past the limit, not the whole file");
        assertEquals(List.of(), plan.rows());

        HugeUpload declared = new HugeUpload();
        ImportPlan fromLength = RegisterFixtures.IMPORT.plan(declared, FIFTY_MB, Map.of(), List.of());
        assertEquals(List.of("file: the file is 50.0 MiB; an import takes at most 10.0 MiB"),
                fromLength.problems().stream().map(Object::toString).toList());
        assertEquals(0, declared.read, "a declared size over the limit is refused before reading");
    }

    @Test
    void aFiftyMegabyteFileIsRefusedFromItsSize(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("register.csv");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(FIFTY_MB); // sparse: its bytes are NULs, so reading it would fail differently
        }
        ImportPlan plan = RegisterFixtures.IMPORT.plan(file, Map.of(), List.of());
        assertEquals(List.of("file: the file is 50.0 MiB; an import takes at most 10.0 MiB"),
                plan.problems().stream().map(Object::toString).toList());
        Files.writeString(file, "Locatie\nNeude\n");
        assertTrue(RegisterFixtures.IMPORT.plan(file, Map.of(), List.of()).applicable());
    }

    @Test
    void moreRowsThanTheLimitAreRefused() {
        RegisterImport small = new RegisterImport(RegisterFixtures.RULES, new ImportLimits(1024, 3));
        ImportPlan plan = small.plan("Locatie\nA\nB\n\nC\nD\nE\n".getBytes(StandardCharsets.UTF_8), Map.of(), List.of());
        assertFalse(plan.applicable());
        assertEquals(List.of("line 6: the file has more than 3 rows, the most one import takes; split it"),
                plan.problems().stream().map(Object::toString).toList());
        assertTrue(small.plan("Locatie\nA\nB\n\nC\n".getBytes(StandardCharsets.UTF_8), Map.of(), List.of()).applicable(),
                "blank lines do not count");
    }
}
