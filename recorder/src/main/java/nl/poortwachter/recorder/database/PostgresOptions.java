package nl.poortwachter.recorder.database;

/**
 * Where the cluster's PostgreSQL database is and how to log in to it.
 *
 * @param url      a JDBC URL, {@code jdbc:postgresql://host:port/database}
 * @param user     the role the gateway logs in as
 * @param password its password (from the environment, never from the YAML file); null for none (peer/trust)
 * @param readers  read connections beside the writer, per database
 */
public record PostgresOptions(String url, String user, String password, int readers) {
    public PostgresOptions {
        if (url == null || !url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("a PostgreSQL URL starts with jdbc:postgresql://");
        }
        if (readers < 1) {
            throw new IllegalArgumentException("at least one reader");
        }
    }

    /** Never the password: this may reach a log line. */
    @Override
    public String toString() {
        return "PostgresOptions[url=" + url + ", user=" + user + ", readers=" + readers + "]";
    }
}
