package nl.poortwachter.recorder.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The measured capacity a node publishes: settled after a change of its cameras, and steady against noise (D91). */
class MeasuredCapacityTest {
    static final long S = 1_000_000_000L;

    @Test
    void nothingBeforeASettledMeasureThenTheMeasure() {
        MeasuredCapacity m = new MeasuredCapacity();
        assertNull(m.next(0, 0, OptionalInt.empty()), "just started: nothing measured");
        assertNull(m.next(4 * S, 0, OptionalInt.empty()), "no camera, no measure");
        assertNull(m.next(5 * S, 4, OptionalInt.of(9)), "cameras just taken: the figures describe the old set");
        assertNull(m.next(14 * S, 4, OptionalInt.of(9)), "not steady for 10 s yet");
        assertNull(m.next(16 * S, 4, OptionalInt.of(0)), "steady for 10 s, but still warming up after the start");
        assertEquals(12, m.next(30 * S, 4, OptionalInt.of(12)), "steady, warmed up: published");
        assertEquals(12, m.next(31 * S, 4, OptionalInt.empty()), "a lost measure keeps the last one");
    }

    @Test
    void aChangeOfCamerasWaitsAndSmallWobblesAreIgnored() {
        MeasuredCapacity m = new MeasuredCapacity();
        m.next(0, 30, OptionalInt.of(40));
        assertEquals(40, m.next(30 * S, 30, OptionalInt.of(40)));
        assertEquals(40, m.next(31 * S, 30, OptionalInt.of(37)), "less than a tenth off: kept");
        assertEquals(40, m.next(32 * S, 30, OptionalInt.of(43)), "less than a tenth off: kept");
        assertEquals(35, m.next(33 * S, 30, OptionalInt.of(35)), "a tenth or more: taken");
        assertEquals(35, m.next(34 * S, 31, OptionalInt.of(20)), "a camera more: wait");
        assertEquals(35, m.next(43 * S, 31, OptionalInt.of(20)));
        assertEquals(20, m.next(44 * S, 31, OptionalInt.of(20)));
        MeasuredCapacity small = new MeasuredCapacity();
        small.next(0, 1, OptionalInt.of(1));
        assertEquals(1, small.next(30 * S, 1, OptionalInt.of(1)));
        assertEquals(2, small.next(31 * S, 1, OptionalInt.of(2)), "for a few cameras one camera counts");
    }
}
