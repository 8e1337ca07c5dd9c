package nl.poortwachter.recorder.register;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a council asks about its cameras, counted from the register: per vendor, per kind of network, sanitized or
 * passed through, how old the firmware is, and which connected cameras have not been seen for a while.
 *
 * @param firmwareAge entries per age of their firmware ({@link #AGE_BUCKETS}); the age is the build date found in
 *                    the version text (Hikvision's {@code build 220112}, Dahua's {@code Build Date 2022-03-10}, a
 *                    {@code 20220310} stamp), "unknown" when there is none
 */
public record RegisterOverview(Instant at, int entries, int connected, List<Count> byVendor, List<Count> byNetwork,
                               List<Count> byMode, List<Count> firmwareAge, List<Firmware> firmware,
                               long notSeenHours, List<NotSeen> notSeenRecently) {
    public static final List<String> AGE_BUCKETS = List.of("under_1_year", "1_to_2_years", "2_to_5_years",
            "over_5_years", "unknown");
    private static final Pattern ISO_DATE = Pattern.compile("(?<!\\d)(\\d{4})-(\\d{2})-(\\d{2})(?!\\d)");
    private static final Pattern BUILD_YYMMDD = Pattern.compile("(?i)\\bbuild\\s+(\\d{2})(\\d{2})(\\d{2})(?!\\d)");
    private static final Pattern STAMP = Pattern.compile("(?<!\\d)(20\\d{2})(\\d{2})(\\d{2})(?!\\d)");

    /** How many entries have {@code name} (null: not known). */
    public record Count(String name, int count) {
    }

    /** One firmware version in use, with its build date when the version text has one. */
    public record Firmware(String vendor, String model, String version, LocalDate built, int count) {
    }

    /** A connected camera not seen since {@code lastSeen} (null: never). */
    public record NotSeen(long id, String key, String location, String cameraId, String state, Instant lastSeen) {
    }

    public static RegisterOverview of(List<RegisterView> views, Instant now, Duration notSeenAfter) {
        Map<String, Integer> vendors = new LinkedHashMap<>();
        Map<String, String> vendorSpelling = new LinkedHashMap<>();
        Map<String, Integer> networks = new LinkedHashMap<>();
        Map<String, Integer> modes = new LinkedHashMap<>();
        Map<String, Integer> ages = new LinkedHashMap<>();
        AGE_BUCKETS.forEach(b -> ages.put(b, 0));
        Map<List<String>, Integer> firmware = new LinkedHashMap<>();
        List<NotSeen> notSeen = new ArrayList<>();
        int connected = 0;
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (RegisterView v : views) {
            RegisterEntry e = v.entry();
            String vendor = e.vendor() == null ? null : e.vendor().strip().toLowerCase(Locale.ROOT);
            vendorSpelling.putIfAbsent(vendor, e.vendor() == null ? null : e.vendor().strip());
            vendors.merge(vendor, 1, Integer::sum);
            networks.merge(RegisterFilter.network(e.closedNetwork()), 1, Integer::sum);
            modes.merge(v.mode() == null ? RegisterView.TO_CONNECT : v.mode(), 1, Integer::sum);
            Optional<LocalDate> built = buildDate(e.firmware());
            ages.merge(built.map(d -> bucket(d, today)).orElse("unknown"), 1, Integer::sum);
            if (e.firmware() != null) {
                firmware.merge(java.util.Arrays.asList(e.vendor(), e.model(), e.firmware()), 1, Integer::sum);
            }
            if (v.cameraId() != null) {
                connected++;
                if (v.lastSeen() == null || v.lastSeen().isBefore(now.minus(notSeenAfter))) {
                    notSeen.add(new NotSeen(v.id(), e.key(), e.location(), v.cameraId(), v.state(), v.lastSeen()));
                }
            }
        }
        List<Count> byVendor = new ArrayList<>();
        vendors.forEach((k, n) -> byVendor.add(new Count(vendorSpelling.get(k), n)));
        List<Firmware> versions = new ArrayList<>();
        firmware.forEach((k, n) -> versions.add(new Firmware(k.get(0), k.get(1), k.get(2), buildDate(k.get(2)).orElse(null), n)));
        versions.sort(Comparator.comparing((Firmware f) -> f.built() == null ? LocalDate.MAX : f.built())
                .thenComparing(f -> String.valueOf(f.vendor())));
        notSeen.sort(Comparator.comparing((NotSeen n) -> n.lastSeen() == null ? Instant.MIN : n.lastSeen()));
        return new RegisterOverview(now, views.size(), connected, sorted(byVendor), counts(networks), counts(modes),
                counts(ages), List.copyOf(versions), notSeenAfter.toHours(), List.copyOf(notSeen));
    }

    /** The build date in a firmware version's text, if it has one. */
    public static Optional<LocalDate> buildDate(String firmware) {
        if (firmware == null) {
            return Optional.empty();
        }
        for (Pattern p : List.of(ISO_DATE, BUILD_YYMMDD, STAMP)) {
            Matcher m = p.matcher(firmware);
            if (m.find()) {
                int year = Integer.parseInt(m.group(1));
                try {
                    return Optional.of(LocalDate.of(year < 100 ? 2000 + year : year, Integer.parseInt(m.group(2)),
                            Integer.parseInt(m.group(3))));
                } catch (java.time.DateTimeException notADate) {
                    // digits that look like a date but are none: try the next form
                }
            }
        }
        return Optional.empty();
    }

    private static String bucket(LocalDate built, LocalDate today) {
        if (built.isAfter(today.minusYears(1))) {
            return "under_1_year";
        }
        if (built.isAfter(today.minusYears(2))) {
            return "1_to_2_years";
        }
        return built.isAfter(today.minusYears(5)) ? "2_to_5_years" : "over_5_years";
    }

    private static List<Count> counts(Map<String, Integer> m) {
        List<Count> out = new ArrayList<>();
        m.forEach((k, n) -> out.add(new Count(k, n)));
        return List.copyOf(out);
    }

    private static List<Count> sorted(List<Count> counts) {
        counts.sort(Comparator.comparingInt(Count::count).reversed().thenComparing(c -> String.valueOf(c.name())));
        return List.copyOf(counts);
    }
}
