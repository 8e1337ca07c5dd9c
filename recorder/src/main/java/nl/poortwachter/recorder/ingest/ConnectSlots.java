package nl.poortwachter.recorder.ingest;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Limits how many cameras connect (RTSP handshake and probing) at the same moment. Without it a restart with
 * 100 cameras opened 100 connections at once: an overloaded camera server answered most with errors and every
 * one of them spent CPU probing at once; with a limit they connect a few at a time, in order.
 */
public final class ConnectSlots {
    private final Semaphore slots;

    public ConnectSlots(int max) {
        this.slots = new Semaphore(max, true);
    }

    /** @return false if {@code stopped} became true while waiting (no slot is then held) */
    boolean acquire(BooleanSupplier stopped) {
        try {
            while (!slots.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                if (stopped.getAsBoolean()) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void release() {
        slots.release();
    }
}
