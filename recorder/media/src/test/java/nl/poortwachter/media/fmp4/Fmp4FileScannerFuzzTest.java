package nl.poortwachter.media.fmp4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.poortwachter.media.fuzzing.Allocation;
import nl.poortwachter.media.fuzzing.FuzzedForReal;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A segment file as crash recovery finds it on disk: written by our muxer, torn by a crash, or damaged
 * (docs/fuzzing.md). Contract: never an exception for a readable file; the init segment, the fragments and the
 * valid length lie inside the file in order, fragments only after the init segment; media time never runs
 * backwards; the file is not changed.
 */
@ExtendWith(FuzzedForReal.class)
class Fmp4FileScannerFuzzTest {
    private static final Path FILE = tempFile();

    @FuzzTest
    void scan(byte[] content) throws Exception {
        FuzzedForReal.saw(content);
        Files.write(FILE, content);
        Fmp4FileScanner.Scan[] result = new Fmp4FileScanner.Scan[1];
        Allocation.atMost(16 * 1024, 16, content.length, () -> result[0] = Fmp4FileScanner.scan(FILE));
        Fmp4FileScanner.Scan scan = result[0];
        assertEquals(content.length, scan.fileLength());
        assertTrue(0 <= scan.initLength() && scan.initLength() <= scan.validLength()
                && scan.validLength() <= scan.fileLength(), () -> "init " + scan.initLength() + ", valid "
                + scan.validLength() + ", file " + scan.fileLength());
        long end = scan.initLength();
        long time = 0;
        for (Fmp4FileScanner.FragmentInfo f : scan.fragments()) {
            long previousEnd = end;
            long previousTime = time;
            assertTrue(scan.initLength() > 0, "a fragment without an init segment before it");
            assertTrue(f.offset() >= previousEnd && f.size() >= 16, () -> "fragment at " + f.offset() + " of "
                    + f.size() + " bytes overlaps what came before it (up to " + previousEnd + ")");
            assertTrue(f.baseMediaTime() >= previousTime && f.duration() >= 0, () -> "media time "
                    + f.baseMediaTime() + " (+" + f.duration() + ") after " + previousTime);
            end = f.offset() + f.size();
            time = f.baseMediaTime();
        }
        assertTrue(end <= scan.validLength(), "a fragment beyond the valid length");
        assertTrue(scan.mediaDuration() >= 0, "media duration " + scan.mediaDuration());
        assertArrayEquals(content, Files.readAllBytes(FILE), "the scan changed the file");
    }

    private static Path tempFile() {
        try {
            Path file = Files.createTempFile("fmp4-fuzz", ".mp4");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
