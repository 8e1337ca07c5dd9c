package nl.poortwachter.recorder.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One statement with its parameters: the prepare, bind, run and map that every store would otherwise repeat. */
public final class Sql {
    /** Binds a statement's parameters. */
    @FunctionalInterface
    public interface Params {
        void bind(PreparedStatement ps) throws SQLException;

        Params NONE = ps -> {
        };

        /** Binds the values in order; a null is bound as SQL NULL. */
        static Params of(Object... values) {
            return ps -> {
                for (int i = 0; i < values.length; i++) {
                    ps.setObject(i + 1, values[i]);
                }
            };
        }
    }

    /** Makes one result row into a value. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private Sql() {
    }

    public static <T> List<T> list(Connection c, String sql, Params params, Row<T> row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            params.bind(ps);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.map(rs));
                }
            }
            return out;
        }
    }

    public static <T> Optional<T> first(Connection c, String sql, Params params, Row<T> row) throws SQLException {
        return list(c, sql, params, row).stream().findFirst();
    }

    /** @return the number of rows changed */
    public static int update(Connection c, String sql, Params params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            params.bind(ps);
            return ps.executeUpdate();
        }
    }
}
