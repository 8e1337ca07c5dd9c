package nl.poortwachter.gateway.check;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nl.poortwachter.gateway.config.GatewayConfig;

/**
 * The word {@code check} on the command line, anywhere a flag could stand ({@code src/dist/run check} puts it after
 * {@code --config}): the rest of the line configures the gateway as usual, and the check runs instead of it.
 */
public final class CheckCommand {
    public static final String WORD = "check";
    public static final int EXIT_OK = 0;
    public static final int EXIT_PROBLEMS = 1;
    /** Flags whose value is the next argument (a value named "check" is not the command). */
    private static final Set<String> WITH_VALUE = Set.of("--config", "--port", "--storage", "--database");

    private CheckCommand() {
    }

    public static boolean named(String[] args) {
        return named(args, WORD);
    }

    /** Whether the command word {@code word} (e.g. {@code check}) stands among the arguments. */
    public static boolean named(String[] args, String word) {
        return without(args, word).length != args.length;
    }

    /** The arguments without the command word. */
    public static String[] without(String[] args) {
        return without(args, WORD);
    }

    /** The arguments without the command word {@code word}. */
    public static String[] without(String[] args, String word) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(word)) {
                continue;
            }
            out.add(args[i]);
            if (WITH_VALUE.contains(args[i]) && i + 1 < args.length) {
                out.add(args[++i]);
            }
        }
        return out.toArray(String[]::new);
    }

    /** Prints one line per problem and a summary; returns the exit code. */
    public static int run(GatewayConfig config, PrintStream out) {
        StorageCheck.Outcome outcome = StorageCheck.run(config);
        for (String p : outcome.problems()) {
            out.println(p.replace('\n', ' '));
        }
        out.println(outcome.summary());
        out.flush();
        return outcome.ok() ? EXIT_OK : EXIT_PROBLEMS;
    }
}
