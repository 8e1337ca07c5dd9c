package nl.poortwachter.bench;

import java.util.List;

/** CPU counters at one instant: the measured processes, the simulator, the machine, the bytes received. */
record CpuSample(long nanos, long targetTicks, long simTicks, long machineBusy, long machineTotal, long tcpReceived) {
    static CpuSample take(List<Long> pids, Simulator sim) {
        long t = 0;
        for (long pid : pids) {
            long v = Proc.cpuTicks(pid);
            if (v > 0) {
                t += v;
            }
        }
        long[] m = Proc.machineTicks();
        return new CpuSample(System.nanoTime(), t, Proc.cpuTicks(sim.pid()), m[0], m[1],
                Proc.tcpBytesReceivedFrom(sim.port()));
    }

    static double pct(long ticks, double seconds) {
        return ticks * 100.0 / Proc.CLK_TCK / seconds;
    }

    static double machinePct(CpuSample a, CpuSample b) {
        long total = b.machineTotal() - a.machineTotal();
        return total <= 0 ? 0 : (b.machineBusy() - a.machineBusy()) * 100.0 * Runtime.getRuntime().availableProcessors() / total;
    }
}
