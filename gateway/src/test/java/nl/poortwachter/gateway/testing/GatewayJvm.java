package nl.poortwachter.gateway.testing;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import nl.poortwachter.gateway.Main;

/** The command line that runs the gateway in a JVM of its own, as an operator's installation runs it. */
public final class GatewayJvm {
    private GatewayJvm() {
    }

    /** {@code java -cp ... nl.poortwachter.gateway.Main args...} */
    public static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath()));
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) {
            cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        }
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String classPath() {
        // Surefire starts tests through a manifest-only jar; the real class path is in this property.
        String cp = System.getProperty("surefire.test.class.path");
        String all = cp != null ? cp : System.getProperty("java.class.path");
        // The test class path carries ArchUnit's SLF4J API (test scope), which an installed gateway does not have:
        // with it, sqlite-jdbc prints an SLF4J warning on stderr and the one-line messages are no longer one line.
        return Arrays.stream(all.split(File.pathSeparator))
                .filter(entry -> !entry.contains(File.separator + "org" + File.separator + "slf4j" + File.separator))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
