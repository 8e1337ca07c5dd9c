package nl.poortwachter.recorder.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import nl.poortwachter.recorder.database.PostgresOptions;

/**
 * A throwaway PostgreSQL server for tests (Debian's {@code postgresql} package, which src/dist/test installs): a data
 * folder in a temporary directory, a free port on 127.0.0.1, trust authentication, stopped and deleted when the JVM
 * exits. PostgreSQL refuses to run as root, so as root it runs as the {@code postgres} user (runuser), in a folder
 * owned by that user. Each test takes a database of its own ({@link #newDatabase}); one server serves the JVM.
 * A machine without PostgreSQL fails the test with what to install: never a skip.
 */
public final class PostgresServer {
    private static PostgresServer shared;

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** The JVM's server, started at the first call. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = startNew();
            PostgresServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::destroy, "postgres-test-server-stop"));
        }
        return shared;
    }

    private static PostgresServer startNew() {
        Path bin = findBin();
        try {
            Path dir = Files.createTempDirectory("pw-pg-");
            PostgresServer s = new PostgresServer(bin, dir, freePort());
            if (isRoot()) {
                run(List.of("chown", "postgres:postgres", dir.toString()));
            }
            s.runAsOwner(List.of(bin.resolve("initdb").toString(), "-D", s.data.toString(), "-U", "postgres",
                    "--auth=trust", "-E", "UTF8", "--no-sync"), 120);
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts (again) on the same data folder and port: a database outage ends. */
    public void start() {
        runAsOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 "
                        + "-c max_connections=300 -c shared_buffers=32MB", "start"), 90);
    }

    /** Stops at once, as a crash would (immediate mode): a database outage begins. */
    public void stop() {
        runAsOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"), 60);
    }

    public int port() {
        return port;
    }

    /** A new, empty database on the server, for one test (or one test's cluster of nodes). */
    public PostgresOptions newDatabase() {
        String name = "t" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", null);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database: " + e.getMessage(), e);
        }
        return new PostgresOptions(url(name), "postgres", null, 2);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private void destroy() {
        try {
            stop();
        } catch (RuntimeException e) {
            // stopped already
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder
        }
    }

    private void runAsOwner(List<String> command, int timeoutSeconds) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full, timeoutSeconds);
    }

    private static void run(List<String> command) {
        run(command, 30);
    }

    private static void run(List<String> command, int timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            // Read the output while it runs (a full pipe would stall it), then wait for the exit.
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: "
                        + new String(out, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path findBin() {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                var newest = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString()
                                .replaceAll("[^0-9].*", "0"))));
                if (newest.isPresent()) {
                    return newest.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!p.isEmpty() && Files.isExecutable(Path.of(p, "initdb"))) {
                return Path.of(p).toAbsolutePath();
            }
        }
        throw new IllegalStateException("PostgreSQL's initdb is not installed: apt-get install postgresql "
                + "(src/dist/test installs it)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
