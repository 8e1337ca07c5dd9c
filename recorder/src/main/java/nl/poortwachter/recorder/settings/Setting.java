package nl.poortwachter.recorder.settings;

import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One row of the settings table: where the setting sits in gateway.yaml ({@code ingest.stallTimeoutSeconds}), the
 * shape its value has there, its default, what is allowed, and what it means. The value is checked here, so that
 * the loader, the documentation, {@code --help} and the shipped gateway.yaml all follow this one row.
 *
 * @param <T> the value once read: Integer, Boolean, String, Path, a list, or for a structure the typed map or list
 *            its section reader makes
 */
public final class Setting<T> {
    /** How the value is written in YAML. A structure (legal regimes, cameras) is read by a reader of its own. */
    public enum Shape { INTEGER, BOOLEAN, TEXT, TEXT_LIST, STRUCTURE }

    private final String key;
    private final Shape shape;
    private final T defaultValue;
    private final String allowed;
    private final String description;
    private final Function<Object, T> check;

    private Setting(String key, Shape shape, T defaultValue, String allowed, String description,
                    Function<Object, T> check) {
        this.key = key;
        this.shape = shape;
        this.defaultValue = defaultValue;
        this.allowed = allowed;
        this.description = description;
        this.check = check;
    }

    public static Setting<Integer> integer(String key, int dflt, int min, int max, String description) {
        return new Setting<>(key, Shape.INTEGER, dflt, min + "-" + max, description, v -> {
            // Through BigInteger: YAML has no size limit, and a huge number must be refused, not wrapped around.
            BigInteger n = new BigInteger(v.toString());
            if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
                throw new SettingException(key, "must be between " + min + " and " + max + " (got " + n + ")");
            }
            return n.intValue();
        });
    }

    public static Setting<Boolean> bool(String key, boolean dflt, String description) {
        return new Setting<>(key, Shape.BOOLEAN, dflt, "true or false", description, v -> (Boolean) v);
    }

    /** Text, stripped of surrounding blanks, that must satisfy {@code valid}; {@code rule} says what is allowed. */
    public static Setting<String> text(String key, String dflt, String rule, Predicate<String> valid,
                                       String description) {
        return checkedText(key, dflt, rule, s -> valid.test(s) ? null : "must be " + rule, description);
    }

    /**
     * Text, stripped of surrounding blanks, whose {@code problem} (what is wrong with it, in words; null when
     * nothing) is the message when it is refused; {@code rule} says what is allowed.
     */
    public static Setting<String> checkedText(String key, String dflt, String rule, Function<String, String> problem,
                                              String description) {
        return new Setting<>(key, Shape.TEXT, dflt, rule, description, v -> {
            String s = ((String) v).strip();
            String wrong = problem.apply(s);
            if (wrong != null) {
                throw new SettingException(key, wrong);
            }
            return s;
        });
    }

    /** One of a few words; {@code choices} as written in the file. */
    public static Setting<String> choice(String key, String dflt, List<String> choices, String description) {
        String words = quotedList(choices);
        return new Setting<>(key, Shape.TEXT, dflt, String.join(" | ", choices), description, v -> {
            String s = ((String) v).strip();
            if (!choices.contains(s)) {
                throw new SettingException(key, "must be " + words);
            }
            return s;
        });
    }

    /** A file system path as written (relative paths are resolved by the loader); null default: none. */
    public static Setting<Path> path(String key, String dflt, String description) {
        return new Setting<>(key, Shape.TEXT, dflt == null ? null : Path.of(dflt), "a path", description, v -> {
            String s = (String) v;
            if (s.isBlank()) {
                throw new SettingException(key, "must be a path");
            }
            try {
                return Path.of(s);
            } catch (InvalidPathException e) {
                throw new SettingException(key, "is not a valid path: " + e.getReason());
            }
        });
    }

    /**
     * A list of words, each checked and converted by {@code element} (which throws IllegalArgumentException with
     * the problem); {@code allowed} describes an element.
     */
    public static <E> Setting<List<E>> list(String key, List<E> dflt, String allowed, Function<String, E> element,
                                            String description) {
        return new Setting<>(key, Shape.TEXT_LIST, List.copyOf(dflt), "list of " + allowed, description, v -> {
            List<?> raw = (List<?>) v;
            List<E> out = new ArrayList<>(raw.size());
            for (int i = 0; i < raw.size(); i++) {
                Object item = raw.get(i);
                if (item == null || ((String) item).isBlank()) {
                    throw new SettingException(key + "[" + i + "]", "is empty");
                }
                try {
                    out.add(element.apply(((String) item).strip()));
                } catch (SettingException e) {
                    throw e;
                } catch (IllegalArgumentException e) {
                    throw new SettingException(key + "[" + i + "]", e.getMessage());
                }
            }
            return List.copyOf(out);
        });
    }

    /** A section with structure of its own (a map of regimes, a list of cameras), read and checked by its reader. */
    public static <T> Setting<T> structure(String key, T dflt, String allowed, String description) {
        return new Setting<>(key, Shape.STRUCTURE, dflt, allowed, description, v -> {
            throw new UnsupportedOperationException(key + " is read by its own section reader");
        });
    }

    /**
     * The value from the file: an integral Number for {@link Shape#INTEGER}, a Boolean, a String, or a list of
     * Strings (null elements allowed, they are refused here), as the shape says.
     *
     * @throws SettingException when it is not allowed
     */
    public T read(Object value) {
        return check.apply(value);
    }

    public String key() {
        return key;
    }

    public Shape shape() {
        return shape;
    }

    /** Null when the setting has no value unless given (the description says what happens then). */
    public T defaultValue() {
        return defaultValue;
    }

    /** What is allowed, in words: {@code 1-3600}, {@code builtin | ffmpeg}, {@code a path}. */
    public String allowed() {
        return allowed;
    }

    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return key;
    }

    static String quotedList(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            sb.append(i == 0 ? "" : i == words.size() - 1 ? " or " : ", ").append('\'').append(words.get(i)).append('\'');
        }
        return sb.toString();
    }
}
