package nl.poortwachter.recorder.capacity;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of threads and of the whole process, in nanoseconds: one cheap call each (a thread CPU clock read). A
 * camera's cost is its ingest thread's: reading, depacketising, decoding, masking, encoding and muxing all run there
 * (libav's decoder and libx264 run with one thread each by default, in the calling thread).
 */
final class CpuClock {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();

    CpuClock() {
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
    }

    /** @return -1 when the thread is gone or this JVM cannot tell */
    long thread(long threadId) {
        return threadId < 0 ? -1 : threads.getThreadCpuTime(threadId);
    }

    /** @return -1 when this JVM cannot tell */
    long process() {
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
