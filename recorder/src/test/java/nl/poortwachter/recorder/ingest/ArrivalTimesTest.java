package nl.poortwachter.recorder.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ArrivalTimesTest {
    @Test
    void anEncodedPictureGetsItsCameraPicturesArrivalEvenWhenItComesOutLater() {
        AtomicLong now = new AtomicLong(1_000);
        ArrivalTimes arrivals = new ArrivalTimes(1, 1000, now::get); // input in milliseconds
        arrivals.arrived(40, 1_000);   // 40 ms = 3600 ticks, arrived at t=1000
        arrivals.arrived(80, 1_040);   // 7200 ticks, at t=1040
        now.set(1_120);         // the encoder gives the first picture out only now
        assertEquals(1_000, arrivals.of(3600));
        assertEquals(1_040, arrivals.of(7200));
        assertEquals(1_120, arrivals.of(99_999), "an unknown picture counts from now");
        assertEquals(1_120, arrivals.of(Long.MIN_VALUE));
    }
}
