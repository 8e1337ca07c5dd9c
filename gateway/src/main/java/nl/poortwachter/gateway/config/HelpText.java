package nl.poortwachter.gateway.config;

import java.util.List;
import nl.poortwachter.recorder.secrets.CredentialSource;
import nl.poortwachter.recorder.settings.Setting;

/**
 * What {@code gateway --help} (and {@code src/dist/run --help}) prints: every flag, every environment variable and
 * every setting, told from {@link CommandLine#FLAGS} and the {@link SettingsTable}, so that the help cannot drift
 * from what the gateway reads.
 */
public final class HelpText {
    private static final int WIDTH = 100;
    private static final String INDENT = "      ";

    /** An environment variable the gateway reads, and what for. */
    private record Variable(String name, String text) {
    }

    private static final List<Variable> ENVIRONMENT = List.of(
            new Variable(CommandLine.PORT_ENV, "as --port; the flag wins"),
            new Variable(AuthSettings.ADMIN_PASSWORD_ENV, "the first administrator's password (at least 12 characters), "
                    + "used only when no user exists yet; without it a one-time password is printed once on stdout"),
            new Variable(AuthSettings.ADMIN_USER_ENV, "that administrator's name (default admin)"),
            new Variable(CredentialSource.ENV, "the key camera passwords are sealed with (base64 of 32 bytes), instead "
                    + "of the file secrets.credentialKeyFile"),
            new Variable(CredentialSource.ENV_NEW, "rotate-credential-key: the new key when the key comes from the "
                    + "environment (the command makes one for a key file)"),
            new Variable("${NAME}", "a camera's username or password written as ${NAME} in the configuration file is "
                    + "read from the environment variable NAME"),
            new Variable("JAVA_OPTS", "src/dist/run only: options for the JVM (default -Xss512k -XX:+UseG1GC -Xmx1g)"));

    private HelpText() {
    }

    public static String render() {
        StringBuilder out = new StringBuilder();
        out.append(CommandLine.USAGE).append("\n")
                .append("   or: gateway reset-admin-password [NAME] [--config PATH] [--storage DIR]\n")
                .append("   or: gateway rotate-credential-key [--config PATH] [--storage DIR]\n\n");
        out.append("Runs the Poortwachter video management gateway.\n")
                .append("Exit codes: 0 stopped, 1 failed to start, 2 configuration error.\n\n")
                .append("Commands, run instead of the gateway while it is stopped (they take the storage folder's lock):\n")
                .append("  check\n");
        wrap(out, "verifies the storage folder, its databases and the audit log offline; one line per problem, exit 1"
                + " when there are any");
        out.append("  reset-admin-password [NAME]\n");
        wrap(out, "gives the administrator (NAME when there are several) a one-time password to change at the next"
                + " login; the reset is written to the audit log");
        out.append("  rotate-credential-key\n");
        wrap(out, "seals every stored camera password with a new credential key in one transaction (the old key opens"
                + " them); the rotation is logged (docs/decisions.md D50)");
        out.append("\nFlags (they win over the environment and the file):\n");
        for (CommandLine.Flag f : CommandLine.FLAGS) {
            out.append("  ").append(f.name()).append(f.argument() == null ? "" : " " + f.argument()).append('\n');
            String text = f.setting() == null ? f.text()
                    : "sets " + f.setting().key() + defaultOf(f.setting()) + ": " + f.setting().description()
                    + (f.text() == null ? "" : " " + f.text());
            wrap(out, text);
        }
        out.append("\nEnvironment variables:\n");
        for (Variable v : ENVIRONMENT) {
            out.append("  ").append(v.name()).append('\n');
            wrap(out, v.text());
        }
        out.append("\nSettings of the configuration file, with default and allowed values\n")
                .append("(config/gateway.yaml shows them all):\n");
        for (Setting<?> s : SettingsTable.ALL) {
            String head = "  " + s.key() + defaultOf(s);
            String allowed = "[" + s.allowed() + "]";
            if (head.length() + 1 + allowed.length() <= WIDTH) {
                out.append(head).append(' ').append(allowed).append('\n');
            } else { // a long list of choices (transcode.preset) goes under the key
                out.append(head).append('\n');
                wrap(out, allowed);
            }
            wrap(out, s.description());
        }
        return out.toString();
    }

    private static String defaultOf(Setting<?> s) {
        Object d = s.defaultValue();
        if (d == null || s.shape() == Setting.Shape.STRUCTURE) {
            return "";
        }
        return " (default " + (d instanceof List<?> l ? "[" + String.join(", ", l.stream().map(String::valueOf)
                .toList()) + "]" : d) + ")";
    }

    /** Words of {@code text} on indented lines of at most {@link #WIDTH} characters. */
    private static void wrap(StringBuilder out, String text) {
        StringBuilder line = new StringBuilder(INDENT);
        for (String word : text.split("\\s+")) {
            if (line.length() > INDENT.length() && line.length() + 1 + word.length() > WIDTH) {
                out.append(line).append('\n');
                line = new StringBuilder(INDENT);
            }
            line.append(line.length() > INDENT.length() ? " " : "").append(word);
        }
        out.append(line).append('\n');
    }
}
