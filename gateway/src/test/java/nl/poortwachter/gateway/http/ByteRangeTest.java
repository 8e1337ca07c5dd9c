package nl.poortwachter.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void theFormsPlayersSend() {
        assertEquals(new ByteRange(0, 1000, false), ByteRange.parse(null, 1000));
        assertEquals(new ByteRange(0, 700, true), ByteRange.parse("bytes=0-699", 1000));
        assertEquals(new ByteRange(700, 300, true), ByteRange.parse("bytes=700-", 1000));
        assertEquals(new ByteRange(900, 100, true), ByteRange.parse("bytes=-100", 1000));
        assertEquals(new ByteRange(0, 1000, true), ByteRange.parse("bytes=-5000", 1000));
        assertEquals(new ByteRange(990, 10, true), ByteRange.parse("bytes=990-5000", 1000), "the end is clipped");
        assertEquals("bytes 990-999/1000", ByteRange.parse("bytes=990-", 1000).contentRange(1000));
    }

    @Test
    void whatCannotBeServedIs416() {
        for (String bad : new String[] {"bytes=1000-", "bytes=5-4", "bytes=0-1,5-6", "items=0-1", "bytes=x-1",
                "bytes=-0", "bytes=", "bytes=-"}) {
            assertThrows(ByteRange.NotSatisfiable.class, () -> ByteRange.parse(bad, 1000), bad);
        }
    }
}
