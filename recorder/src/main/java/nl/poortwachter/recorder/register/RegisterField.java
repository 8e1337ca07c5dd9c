package nl.poortwachter.recorder.register;

import java.util.List;
import java.util.Optional;

/**
 * The fields of a register entry: their name in the API and in JSON, the column headers an export writes
 * (Dutch and English) and the column names an import recognises. Import and export go through this one list,
 * so a field added here is imported, compared and exported everywhere.
 */
public enum RegisterField {
    KEY("key", Kind.TEXT, 100, "Kenmerk", "Key",
            "kenmerk", "id", "nummer", "nr", "cameranummer", "camera nummer", "camera id", "key", "reference", "referentie"),
    LOCATION("location", Kind.TEXT, 200, "Locatie (straat)", "Location (street)",
            "locatie", "locatie straat", "locatie adres", "adres", "straat", "location", "location street", "address", "street"),
    LATITUDE("latitude", Kind.DECIMAL, 0, "Breedtegraad", "Latitude",
            "breedtegraad", "noorderbreedte", "lat", "latitude"),
    LONGITUDE("longitude", Kind.DECIMAL, 0, "Lengtegraad", "Longitude",
            "lengtegraad", "oosterlengte", "lon", "lng", "longitude"),
    DESCRIPTION("description", Kind.TEXT, 1000, "Omschrijving", "Description",
            "omschrijving", "beschrijving", "description"),
    PURPOSE("purpose", Kind.TEXT, 1000, "Doel", "Purpose",
            "doel", "doeleinde", "doelbinding", "purpose"),
    LEGAL_REGIME("legalRegime", Kind.REGIME, 0, "Grondslag", "Legal basis",
            "grondslag", "wettelijke grondslag", "juridische grondslag", "rechtsgrond", "legal basis", "legal regime", "regime"),
    VENDOR("vendor", Kind.TEXT, 200, "Leverancier", "Vendor",
            "leverancier", "merk", "fabrikant", "vendor", "manufacturer", "brand", "make"),
    MODEL("model", Kind.TEXT, 200, "Model", "Model",
            "model", "type", "typenummer"),
    FIRMWARE("firmware", Kind.TEXT, 200, "Firmware", "Firmware",
            "firmware", "firmwareversie", "firmware versie", "firmware version"),
    SERIAL_NUMBER("serialNumber", Kind.TEXT, 200, "Serienummer", "Serial number",
            "serienummer", "serial", "serial number", "serialnumber"),
    CLOSED_NETWORK("closedNetwork", Kind.YES_NO, 0, "Gesloten netwerk", "Closed network",
            "gesloten netwerk", "afgeschermd netwerk", "closed network"),
    NETWORK_SEGMENT("networkSegment", Kind.TEXT, 200, "Netwerksegment", "Network segment",
            "netwerksegment", "netwerk segment", "segment", "vlan", "network segment"),
    DEPARTMENT("department", Kind.TEXT, 200, "Afdeling", "Department",
            "afdeling", "eigenaar", "verantwoordelijke afdeling", "department", "owning department", "owner"),
    DPIA_REFERENCE("dpiaReference", Kind.TEXT, 200, "DPIA", "DPIA reference",
            "dpia", "dpia kenmerk", "dpia referentie", "dpia reference"),
    INSTALLED_ON("installedOn", Kind.DATE, 0, "Installatiedatum", "Installation date",
            "installatiedatum", "datum installatie", "geinstalleerd", "geplaatst", "plaatsingsdatum",
            "installation date", "installed", "installed on"),
    RETENTION_DAYS("retentionDays", Kind.INTEGER, 0, "Bewaartermijn (dagen)", "Retention (days)",
            "bewaartermijn", "bewaartermijn dagen", "bewaartermijn in dagen", "retention", "retention days", "retention period"),
    PUBLIC("public", Kind.YES_NO, 0, "Openbaar", "Public",
            "openbaar", "publiek", "public", "published"),
    /** Never exported: a stream address is for the gateway, not for spreadsheets and the public. */
    RTSP_URL("rtspUrl", Kind.RTSP_URL, 0, "RTSP-URL", "RTSP URL",
            "rtsp url", "rtsp", "stream url", "url", "rtspurl");

    /** How a cell's text becomes a value. */
    public enum Kind { TEXT, DECIMAL, INTEGER, YES_NO, DATE, REGIME, RTSP_URL }

    private final String apiName;
    private final Kind kind;
    private final int maxLength;
    private final String dutchHeader;
    private final String englishHeader;
    private final List<String> aliases;

    RegisterField(String apiName, Kind kind, int maxLength, String dutchHeader, String englishHeader, String... aliases) {
        this.apiName = apiName;
        this.kind = kind;
        this.maxLength = maxLength;
        this.dutchHeader = dutchHeader;
        this.englishHeader = englishHeader;
        this.aliases = List.of(aliases);
    }

    /** The field's name in the API, in JSON and in problem reports, e.g. {@code closedNetwork}. */
    public String apiName() {
        return apiName;
    }

    public Kind kind() {
        return kind;
    }

    /** Longest text accepted (for {@link Kind#TEXT}); 0 for the other kinds. */
    public int maxLength() {
        return maxLength;
    }

    public String header(boolean dutch) {
        return dutch ? dutchHeader : englishHeader;
    }

    /** Column names (as {@link MatchText#normalise} makes them) that an import recognises for this field. */
    public List<String> aliases() {
        return aliases;
    }

    /**
     * Whether a connected camera keeps this field itself: for such an entry the register shows, and writes, the
     * camera's own value (stored once, with the camera), and the camera's rules apply to it.
     */
    public boolean cameraKeeps() {
        return switch (this) {
            case LOCATION, PURPOSE, LEGAL_REGIME, VENDOR, MODEL, RETENTION_DAYS, RTSP_URL -> true;
            default -> false;
        };
    }

    /** Whether an export may show this field: the RTSP URL never leaves the gateway that way. */
    public boolean exported() {
        return this != RTSP_URL;
    }

    public static Optional<RegisterField> byApiName(String name) {
        for (RegisterField f : values()) {
            if (f.apiName.equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return apiName;
    }
}
