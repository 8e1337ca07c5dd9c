package nl.poortwachter.recorder.onvif;

import java.time.Duration;
import java.time.Instant;

/**
 * The device's clock against ours ({@code GetSystemDateAndTime}): {@code offset} is the device's UTC time minus
 * ours at the middle of the exchange. Devices report whole seconds, so the offset is good to about a second plus
 * half the round trip. A camera whose clock is off stamps wrong times into its own overlay and recordings.
 */
public record ClockReading(Instant deviceTime, Duration offset, Duration roundTrip) {
}
