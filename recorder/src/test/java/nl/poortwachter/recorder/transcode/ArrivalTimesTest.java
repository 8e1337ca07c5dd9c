package nl.poortwachter.recorder.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ArrivalTimesTest {
    @Test
    void aPictureThatComesOutLaterIsFoundByItsOwnTimestamp() {
        ArrivalTimes arrivals = new ArrivalTimes();
        arrivals.put(3600, 1_000);
        arrivals.put(7200, 1_040);
        arrivals.put(10_800, 1_080);
        // The encoder gives the first picture out only after the third went in: it must not get the third's time.
        assertEquals(1_000, arrivals.get(3600, -1));
        assertEquals(1_040, arrivals.get(7200, -1));
        assertEquals(-1, arrivals.get(99_999, -1), "an unknown picture gets the caller's answer");
        assertEquals(-1, arrivals.get(Long.MIN_VALUE, -1));
    }

    @Test
    void aRepeatedTimestampMeansTheNewestPictureAndOldEntriesAgeOut() {
        ArrivalTimes arrivals = new ArrivalTimes();
        arrivals.put(3600, 1_000);
        arrivals.put(3600, 5_000); // the camera's clock started again
        assertEquals(5_000, arrivals.get(3600, -1));
        for (int i = 0; i < 64; i++) {
            arrivals.put(100_000 + i, 6_000 + i);
        }
        assertEquals(-1, arrivals.get(3600, -1), "older than the ring: unknown rather than wrong");
        assertEquals(6_063, arrivals.get(100_063, -1));
    }
}
