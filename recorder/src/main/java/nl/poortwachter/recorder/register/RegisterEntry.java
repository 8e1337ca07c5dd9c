package nl.poortwachter.recorder.register;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

/**
 * One camera in the municipality's register, as people describe it: where, why, under which legal basis,
 * which device, on which network, who owns it. An entry may exist before any stream is connected ("to
 * connect"), so only {@link #key} and {@link #location} are required. What the gateway itself knows about a
 * connected camera (mode, state, last seen) is not part of the entry. {@link RegisterRules} checks entries;
 * null means "not known".
 *
 * @param key           the natural key of the row: a spreadsheet's own identifier ("Kenmerk"), or one derived
 *                      from location and description ({@link RegisterKey})
 * @param latitude      WGS84, degrees north; given together with {@link #longitude} or not at all
 * @param legalRegime   id of a configured legal regime, e.g. {@code gemeentewet-151c}
 * @param closedNetwork whether the camera is on a network closed off from others
 * @param publicListing whether the municipality publishes this camera in its public register
 * @param rtspUrl       the stream, without credentials; never exported
 */
public record RegisterEntry(
        String key,
        String location,
        BigDecimal latitude,
        BigDecimal longitude,
        String description,
        String purpose,
        String legalRegime,
        String vendor,
        String model,
        String firmware,
        String serialNumber,
        Boolean closedNetwork,
        String networkSegment,
        String department,
        String dpiaReference,
        LocalDate installedOn,
        Integer retentionDays,
        Boolean publicListing,
        String rtspUrl) {

    /** The value of one field (a String, BigDecimal, Boolean, LocalDate or Integer), or null. */
    public Object value(RegisterField field) {
        return switch (field) {
            case KEY -> key;
            case LOCATION -> location;
            case LATITUDE -> latitude;
            case LONGITUDE -> longitude;
            case DESCRIPTION -> description;
            case PURPOSE -> purpose;
            case LEGAL_REGIME -> legalRegime;
            case VENDOR -> vendor;
            case MODEL -> model;
            case FIRMWARE -> firmware;
            case SERIAL_NUMBER -> serialNumber;
            case CLOSED_NETWORK -> closedNetwork;
            case NETWORK_SEGMENT -> networkSegment;
            case DEPARTMENT -> department;
            case DPIA_REFERENCE -> dpiaReference;
            case INSTALLED_ON -> installedOn;
            case RETENTION_DAYS -> retentionDays;
            case PUBLIC -> publicListing;
            case RTSP_URL -> rtspUrl;
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        for (RegisterField f : RegisterField.values()) {
            b.set(f, value(f));
        }
        return b;
    }

    @Override
    public String toString() {
        return "RegisterEntry[key=" + key + ", location=" + location + "]";
    }

    /** Builds an entry field by field; {@link #set} checks that each value has its field's type. */
    public static final class Builder {
        private final Map<RegisterField, Object> values = new EnumMap<>(RegisterField.class);

        private Builder() {
        }

        public Builder set(RegisterField field, Object value) {
            if (value != null && !typeOf(field).isInstance(value)) {
                throw new IllegalArgumentException(field + " takes a " + typeOf(field).getSimpleName()
                        + ", not a " + value.getClass().getSimpleName());
            }
            values.put(field, value);
            return this;
        }

        public Object get(RegisterField field) {
            return values.get(field);
        }

        public RegisterEntry build() {
            return new RegisterEntry(text(RegisterField.KEY), text(RegisterField.LOCATION),
                    (BigDecimal) values.get(RegisterField.LATITUDE), (BigDecimal) values.get(RegisterField.LONGITUDE),
                    text(RegisterField.DESCRIPTION), text(RegisterField.PURPOSE), text(RegisterField.LEGAL_REGIME),
                    text(RegisterField.VENDOR), text(RegisterField.MODEL), text(RegisterField.FIRMWARE),
                    text(RegisterField.SERIAL_NUMBER), (Boolean) values.get(RegisterField.CLOSED_NETWORK),
                    text(RegisterField.NETWORK_SEGMENT), text(RegisterField.DEPARTMENT), text(RegisterField.DPIA_REFERENCE),
                    (LocalDate) values.get(RegisterField.INSTALLED_ON), (Integer) values.get(RegisterField.RETENTION_DAYS),
                    (Boolean) values.get(RegisterField.PUBLIC), text(RegisterField.RTSP_URL));
        }

        private String text(RegisterField field) {
            return (String) values.get(field);
        }

        static Class<?> typeOf(RegisterField field) {
            return switch (field.kind()) {
                case TEXT, REGIME, RTSP_URL -> String.class;
                case DECIMAL -> BigDecimal.class;
                case INTEGER -> Integer.class;
                case YES_NO -> Boolean.class;
                case DATE -> LocalDate.class;
            };
        }
    }
}
