package nl.poortwachter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The register import through the HTTP API of a whole gateway process (issue 12: "10,000 rows, dry run and apply,
 * in seconds"): a {@code --rows} register (the file of {@link RegisterBench}, every column filled) goes up as an
 * integrator's script would send it, and each step is timed from the client (wall) and in the gateway process
 * (utime + stime from /proc, all its threads: HTTP, planning, the index transaction, the audit log's writer and its
 * fsyncs). Steps: the dry run of the first import (every row new), applying it (every entry and its audit entry
 * written), the dry run of the same file again (every row unchanged), applying that (nothing to write), the list and
 * the two exports. Usage: {@code src/bench/bench register-api [--rows 10000]}.
 */
public final class RegisterApiBench {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final GatewayProcess gateway;
    private final String token;

    private RegisterApiBench(GatewayProcess gateway, String token) {
        this.gateway = gateway;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        int rows = 10_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--root" -> i++; // passed by the bench script to every harness
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --rows N");
            }
        }
        byte[] file = RegisterBench.inventory(rows);
        Path work = Files.createTempDirectory("register-api-bench");
        String yaml = "cameraNetworks: [10.0.0.0/8]\nauth:\n  passwordHashIterations: 10000\n";
        try (GatewayProcess gw = GatewayProcess.start(work, yaml, "-Xmx512m -XX:+UseSerialGC", "", work.resolve("gateway.log"))) {
            GatewayApi admin = new GatewayApi(gw.baseUrl()).login("admin", gw.adminPassword());
            String password = GatewayProcess.randomPassword();
            GatewayApi integrator = admin.createUser("integrator", "integrator", java.util.List.of(), password);
            new RegisterApiBench(gw, integrator.token()).run(rows, file);
        }
    }

    private void run(int rows, byte[] file) throws Exception {
        System.out.printf(Locale.ROOT, "register API bench: %d rows, %.1f MiB Windows-1252 CSV, gateway pid %d; load average %s%n",
                rows, file.length / 1048576.0, gateway.pid(), loadAverage());
        System.out.println("| step | wall ms | gateway CPU ms | result |");
        System.out.println("|---|---:|---:|---|");
        JsonNode first = step("dry run, first import (all new)", () -> upload("/dry-run", file), p -> counts(p));
        expect(first.path("counts").path("create").asInt() == rows, "first dry run", first);
        JsonNode applied = step("apply (all new: entries and audit entries written)",
                () -> upload("/apply?plan=" + first.path("plan").asText(), file), p -> "applied " + p.path("applied").asInt());
        expect(applied.path("applied").asInt() == rows, "apply", applied);
        JsonNode again = step("dry run, same file again (all unchanged)", () -> upload("/dry-run", file), p -> counts(p));
        expect(again.path("counts").path("unchanged").asInt() == rows, "second dry run", again);
        step("apply again (nothing to write)", () -> upload("/apply?plan=" + again.path("plan").asText(), file),
                p -> "applied " + p.path("applied").asInt());
        step("list all entries", () -> get("/entries"), p -> p.path("count").asInt() + " entries");
        step("export CSV (;)", () -> get("/export?format=csv"), p -> "");
        step("export JSON", () -> get("/export?format=json"), p -> "");
        System.out.printf(Locale.ROOT, "load average after: %s%n", loadAverage());
    }

    private interface Call {
        HttpResponse<String> send() throws IOException, InterruptedException;
    }

    private JsonNode step(String name, Call call, java.util.function.Function<JsonNode, String> result) throws Exception {
        long cpu0 = Proc.cpuTicks(gateway.pid());
        long t0 = System.nanoTime();
        HttpResponse<String> r = call.send();
        double wall = (System.nanoTime() - t0) / 1e6;
        double cpu = (Proc.cpuTicks(gateway.pid()) - cpu0) * 1000.0 / Proc.CLK_TCK;
        if (r.statusCode() != 200) {
            throw new IOException(name + ": HTTP " + r.statusCode() + " " + r.body().substring(0, Math.min(500, r.body().length())));
        }
        JsonNode body = r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")
                ? GatewayApi.JSON.readTree(r.body()) : GatewayApi.JSON.missingNode();
        System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %s (%d KiB answered) |%n", name, wall, cpu, result.apply(body),
                r.body().length() / 1024);
        return body;
    }

    private static String counts(JsonNode plan) {
        JsonNode c = plan.path("counts");
        return c.path("create").asInt() + " new, " + c.path("change").asInt() + " changed, " + c.path("unchanged").asInt()
                + " unchanged, " + c.path("problems").asInt() + " problems";
    }

    private HttpResponse<String> upload(String path, byte[] file) throws IOException, InterruptedException {
        return client.send(request("/import" + path).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v1/register" + path))
                .timeout(Duration.ofMinutes(5)).header("Authorization", "Bearer " + token);
    }

    private static void expect(boolean ok, String what, JsonNode answer) {
        if (!ok) {
            throw new IllegalStateException(what + " did not go as expected: " + answer.path("counts") + " "
                    + answer.path("problems").path(0));
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
