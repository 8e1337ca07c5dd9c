package nl.poortwachter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Readings from /proc (Linux only). */
final class Proc {
    /** Clock ticks per second of utime/stime, from {@code getconf CLK_TCK}. */
    static final long CLK_TCK = clkTck();

    private Proc() {
    }

    /** utime + stime of a live process, all its threads, in clock ticks; -1 if it is gone. */
    static long cpuTicks(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // comm may contain spaces and ')': the fields after the last ')' start at field 3 (state).
            String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static final java.util.regex.Pattern BYTES_RECEIVED = java.util.regex.Pattern.compile("bytes_received:(\\d+)");

    /**
     * Bytes received so far on the established TCP connections to a local port (from {@code ss -ti}): what the
     * RTSP clients got from the simulator. (/proc/PID/io cannot tell: rchar does not count recv() on sockets.)
     */
    static long tcpBytesReceivedFrom(int port) {
        try {
            Process p = new ProcessBuilder("ss", "-tinH", "state", "established", "( dport = :" + port + " )")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(10, TimeUnit.SECONDS);
            long sum = 0;
            java.util.regex.Matcher m = BYTES_RECEIVED.matcher(out);
            while (m.find()) {
                sum += Long.parseLong(m.group(1));
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Memory of a process from smaps_rollup, in KiB. */
    record Memory(long rssKiB, long pssKiB, long pssAnonKiB) {
        static final Memory NONE = new Memory(0, 0, 0);

        Memory plus(Memory o) {
            return new Memory(rssKiB + o.rssKiB, pssKiB + o.pssKiB, pssAnonKiB + o.pssAnonKiB);
        }
    }

    static Memory memory(long pid) {
        long rss = 0;
        long pss = 0;
        long pssAnon = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
                if (line.startsWith("Rss:")) {
                    rss = kib(line);
                } else if (line.startsWith("Pss:")) {
                    pss = kib(line);
                } else if (line.startsWith("Pss_Anon:")) {
                    pssAnon = kib(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Memory.NONE;
        }
        return new Memory(rss, pss, pssAnon);
    }

    static int threads(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.substring(8).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /** Whole-machine CPU counters from the first line of /proc/stat: {busy, total} in ticks. */
    static long[] machineTicks() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long total = 0;
            long idle = 0;
            // user nice system idle iowait irq softirq steal (guest is already inside user)
            for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i == 4 || i == 5) {
                    idle += v;
                }
            }
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** Bytes of all regular files below a folder (0 if it does not exist). */
    static long bytesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long filesUnder(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(suffix)).count();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static String machineLine(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "?";
    }

    static long memTotalKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return kib(line);
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return 0;
    }

    private static long clkTck() {
        try {
            Process p = new ProcessBuilder(List.of("getconf", "CLK_TCK")).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /** Best effort: a bench's temporary folder. */
    static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // best effort: it is a temp dir
        }
    }

    /** The load averages over 1, 5 and 15 minutes, as /proc/loadavg gives them; "?" when unreadable. */
    static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static double loadAverage1m() {
        try {
            return Double.parseDouble(loadavg().split(" ")[0]);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
