package nl.poortwachter.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import nl.poortwachter.recorder.camera.Cidr;
import nl.poortwachter.recorder.camera.LegalRegime;
import nl.poortwachter.recorder.camera.RtspUrlPolicy;
import nl.poortwachter.recorder.register.ImportLimits;
import nl.poortwachter.recorder.register.ImportPlan;
import nl.poortwachter.recorder.register.RegisterEntry;
import nl.poortwachter.recorder.register.RegisterExport;
import nl.poortwachter.recorder.register.RegisterImport;
import nl.poortwachter.recorder.register.RegisterRules;
import nl.poortwachter.recorder.register.csv.TextDecoding;

/**
 * The register's import and export engines on a large register (issue 12: "10,000 rows import in seconds, not
 * minutes"). It writes a Windows-1252, ';'-separated file of {@code --rows} cameras with every column (an RTSP
 * URL in the camera networks included), then times, in one JVM: the dry run of a first import (every row new),
 * the dry run of importing the same file again (every row unchanged, compared field by field), and the CSV and
 * JSON exports. Each is run once cold (the first run in the JVM: class loading and interpreted code, as an
 * import after a gateway start meets it), then {@code --repeat} times warm; CPU time is the thread's own (JIT
 * compiler threads not counted).
 * Usage: {@code src/bench/bench register [--rows 10000] [--repeat 10]}. The database write of an applied plan is
 * the store's and is not measured here.
 */
public final class RegisterBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private RegisterBench() {
    }

    public static void main(String[] args) {
        int rows = 10_000;
        int repeat = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--root" -> i++; // passed by the bench script to every harness
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --rows N --repeat N");
            }
        }
        byte[] file = inventory(rows);
        RegisterRules rules = new RegisterRules(new RtspUrlPolicy(List.of(Cidr.parse("10.0.0.0/8"))), Map.of(
                "gemeentewet-151c", new LegalRegime("gemeentewet-151c", "Cameratoezicht openbare orde (Gemeentewet art. 151c)", 28),
                "avg-building-security", new LegalRegime("avg-building-security", "Beveiliging gebouwen", 28),
                "wegbeheer", new LegalRegime("wegbeheer", "Verkeersmonitoring en wegbeheer", 7)), Clock.systemDefaultZone());
        RegisterImport importer = new RegisterImport(rules, ImportLimits.DEFAULT);

        System.out.printf(Locale.ROOT, "register bench: %d rows, %.1f MiB Windows-1252 CSV, %d warm runs; %s, %d cores%n",
                rows, file.length / 1048576.0, repeat, System.getProperty("java.vm.name") + " " + Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        System.out.println("| step | cold wall ms | cold CPU ms | warm wall ms (median) | warm CPU ms (median) |");
        System.out.println("|---|---:|---:|---:|---:|");
        int n = rows;
        ImportPlan first = report("dry run, first import (all new)", repeat, () -> importer.plan(file, Map.of(), List.of()));
        check(first.applicable() && first.count(ImportPlan.Action.CREATE) == n, "first import", first);
        List<RegisterEntry> register = first.toWrite();
        ImportPlan again = report("dry run, same file again (all unchanged)", repeat, () -> importer.plan(file, Map.of(), register));
        check(again.applicable() && again.count(ImportPlan.Action.UNCHANGED) == n, "re-import", again);
        report("export CSV (;)", repeat, () -> RegisterExport.csv(register, RegisterExport.CsvStyle.DUTCH));
        report("export JSON", repeat, () -> RegisterExport.json(register));
    }

    /** Rows like a municipality's register, every column filled, all different. */
    static byte[] inventory(int rows) {
        StringBuilder s = new StringBuilder("Kenmerk;Locatie (straat);Breedtegraad;Lengtegraad;Omschrijving;Doel;Grondslag;"
                + "Leverancier;Model;Firmware;Serienummer;Gesloten netwerk;Netwerksegment;Afdeling;DPIA;Installatiedatum;"
                + "Bewaartermijn (dagen);Openbaar;RTSP-URL\r\n");
        String[] streets = {"Vredenburg", "Neude", "Oudegracht", "Pelikaanstraat (Overvecht)", "Janskerkhof", "Stationsplein"};
        for (int i = 0; i < rows; i++) {
            boolean hik = i % 3 != 0;
            s.append(String.format(Locale.ROOT, "CAM-%05d;%s %d;52,%05d;5,%05d;Café-terras en looproute %d;Openbare orde;"
                            + "Gemeentewet 151c;%s;%s;%s;SN%08d;%s;VLAN %d;Veiligheid;DPIA-2024-%03d;%d-%d-20%02d;%d;%s;"
                            + "rtsp://10.%d.%d.%d:554%s\r\n",
                    i, streets[i % streets.length], i / streets.length + 1, 10_000 + i, 20_000 + i, i, hik ? "Hikvision" : "Dahua",
                    hik ? "DS-2CD2143G2-I" : "IPC-HDW3441T-ZAS", hik ? "V5.7.3 build 220112" : "2.840.0000000.14.R",
                    i, i % 2 == 0 ? "ja" : "nee", 100 + i % 50, i % 1000, 1 + i % 28, 1 + i % 12, 10 + i % 15, 7 + i % 21,
                    i % 4 == 0 ? "ja" : "nee", 20 + i / 65536, i / 256 % 256, i % 256,
                    hik ? "/Streaming/Channels/101" : "/cam/realmonitor?channel=1&subtype=0"));
        }
        return s.toString().getBytes(TextDecoding.WINDOWS_1252);
    }

    /** Runs the step once cold and then {@code repeat} times; returns what the cold run made. */
    private static <T> T report(String step, int repeat, Supplier<T> work) {
        long coldCpu = THREADS.getCurrentThreadCpuTime();
        long coldStart = System.nanoTime();
        T result = work.get();
        double cold = (System.nanoTime() - coldStart) / 1e6;
        double coldCpuMs = (THREADS.getCurrentThreadCpuTime() - coldCpu) / 1e6;
        double[] wall = new double[repeat];
        double[] cpu = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            work.get();
            wall[i] = (System.nanoTime() - w0) / 1e6;
            cpu[i] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f |%n", step, cold, coldCpuMs, median(wall), median(cpu));
        return result;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void check(boolean ok, String what, ImportPlan plan) {
        if (!ok) {
            List<String> some = new ArrayList<>();
            plan.problems().stream().limit(5).forEach(p -> some.add(p.toString()));
            throw new IllegalStateException(what + " did not plan as expected: " + plan.rows().size() + " rows, problems " + some);
        }
    }
}
