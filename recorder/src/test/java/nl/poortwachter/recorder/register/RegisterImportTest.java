package nl.poortwachter.recorder.register;

import static nl.poortwachter.recorder.register.RegisterFixtures.IMPORT;
import static nl.poortwachter.recorder.register.RegisterFixtures.apply;
import static nl.poortwachter.recorder.register.RegisterFixtures.plan;
import static nl.poortwachter.recorder.register.RegisterFixtures.utrechtInventory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import nl.poortwachter.recorder.register.ImportPlan.Action;
import nl.poortwachter.recorder.register.csv.TextDecoding;
import org.junit.jupiter.api.Test;

class RegisterImportTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static RegisterEntry only(ImportPlan plan) {
        assertTrue(plan.applicable(), () -> plan.problems().toString());
        assertEquals(1, plan.rows().size());
        return plan.rows().get(0).after();
    }

    @Test
    void utrechtsInventoryBecomes22EntriesAndImportsAgainWithoutChange() throws Exception {
        ImportPlan first = plan(utrechtInventory(), List.of());
        assertTrue(first.applicable(), () -> first.problems().toString());
        assertEquals("windows-1252", first.encoding());
        assertEquals(';', first.separator());
        assertEquals(List.of(RegisterField.LOCATION, RegisterField.DESCRIPTION, RegisterField.VENDOR, RegisterField.CLOSED_NETWORK),
                first.columns().stream().map(ColumnMapping.Column::field).toList());
        assertEquals(22, first.count(Action.CREATE));
        assertEquals(22, first.toWrite().size());
        Map<String, RegisterEntry> byKey = first.toWrite().stream().collect(Collectors.toMap(RegisterEntry::key, e -> e));
        RegisterEntry cafe = byKey.get("janskerkhof--cafe-de-poort-terras");
        assertEquals("Café De Poort, terras", cafe.description());
        assertEquals("Janskerkhof", cafe.location());
        assertEquals("Hikvision", cafe.vendor());
        assertEquals(Boolean.TRUE, cafe.closedNetwork());
        assertEquals(9, first.rows().stream().filter(r -> r.after() == cafe).findFirst().orElseThrow().line());
        // The quoted cell keeps its ';'.
        assertEquals("Kruispunt; fietsers en voetgangers", byKey.get("moreelsepark--kruispunt-fietsers-en-voetgangers").description());
        // Two cameras at one street are two entries: location and description together are the key.
        RegisterEntry parking = byKey.get("pelikaanstraat-overvecht--parkeerterrein");
        assertEquals("Pelikaanstraat (Overvecht)", parking.location());
        assertEquals("Winkelcentrum achterzijde", byKey.get("pelikaanstraat-overvecht--winkelcentrum-achterzijde").description());
        assertEquals(Boolean.FALSE, parking.closedNetwork());
        assertEquals("Dahua", parking.vendor());
        assertEquals(22, byKey.size());
        assertEquals(Set.of("Hikvision", "Dahua"), first.toWrite().stream().map(RegisterEntry::vendor).collect(Collectors.toSet()));

        List<RegisterEntry> register = apply(List.of(), first);
        ImportPlan again = plan(utrechtInventory(), register);
        assertTrue(again.applicable(), () -> again.problems().toString());
        assertEquals(22, again.count(Action.UNCHANGED));
        assertEquals(List.of(), again.toWrite());
    }

    @Test
    void theSameInventoryAsUtf8WithCommasMatchesTheSameEntries() throws Exception {
        List<RegisterEntry> register = apply(List.of(), plan(utrechtInventory(), List.of()));
        String text = new String(utrechtInventory(), TextDecoding.WINDOWS_1252);
        // Re-save as Excel's "CSV UTF-8 (comma delimited)": BOM, ',' separators, the cells with ',' quoted.
        StringBuilder comma = new StringBuilder("\uFEFF");
        for (String line : text.split("\r\n")) {
            List<String> cells = List.of(line.startsWith("Moreelsepark")
                    ? new String[] {"Moreelsepark", "Kruispunt; fietsers en voetgangers", "Hikvision", "ja"} : line.split(";"));
            comma.append(cells.stream().map(c -> c.contains(",") ? "\"" + c + "\"" : c).collect(Collectors.joining(","))).append("\n");
        }
        ImportPlan plan = plan(utf8(comma.toString()), register);
        assertTrue(plan.applicable(), () -> plan.problems().toString());
        assertEquals("UTF-8", plan.encoding());
        assertEquals(',', plan.separator());
        assertEquals(22, plan.count(Action.UNCHANGED));
    }

    @Test
    void aChangedCellIsOneChangeWithItsOldAndNewValue() throws Exception {
        List<RegisterEntry> register = apply(List.of(), plan(utrechtInventory(), List.of()));
        String text = new String(utrechtInventory(), TextDecoding.WINDOWS_1252)
                .replace("Neude;Uitgaansgebied, terrassen;Hikvision;ja", "neude ;Uitgaansgebied terrassen;Dahua;nee");
        ImportPlan plan = plan(text.getBytes(TextDecoding.WINDOWS_1252), register);
        assertTrue(plan.applicable(), () -> plan.problems().toString());
        assertEquals(21, plan.count(Action.UNCHANGED));
        ImportPlan.RowPlan row = plan.rows().stream().filter(r -> r.action() == Action.CHANGE).findFirst().orElseThrow();
        assertEquals(3, row.line());
        // Case, spacing and punctuation do not make another camera; they are a change of the text.
        assertEquals(List.of(new ImportPlan.FieldChange(RegisterField.LOCATION, "Neude", "neude"),
                new ImportPlan.FieldChange(RegisterField.DESCRIPTION, "Uitgaansgebied, terrassen", "Uitgaansgebied terrassen"),
                new ImportPlan.FieldChange(RegisterField.VENDOR, "Hikvision", "Dahua"),
                new ImportPlan.FieldChange(RegisterField.CLOSED_NETWORK, true, false)), row.changes());
        assertEquals(row.before().key(), row.after().key());
    }

    @Test
    void aColumnTheFileLacksKeepsTheRegistersValueAnEmptyCellEmptiesIt() {
        RegisterEntry known = RegisterEntry.builder().set(RegisterField.KEY, "CAM-7").set(RegisterField.LOCATION, "Neude")
                .set(RegisterField.PURPOSE, "openbare orde").set(RegisterField.MODEL, "DS-2CD2143G2-I")
                .set(RegisterField.LEGAL_REGIME, "gemeentewet-151c").build();
        ImportPlan plan = plan(utf8("Kenmerk;Locatie;Model\nCAM-7;Neude;\n"), List.of(known));
        RegisterEntry after = only(plan);
        assertEquals(Action.CHANGE, plan.rows().get(0).action());
        assertEquals("openbare orde", after.purpose());
        assertEquals("gemeentewet-151c", after.legalRegime());
        assertNull(after.model());
        assertEquals(List.of(new ImportPlan.FieldChange(RegisterField.MODEL, "DS-2CD2143G2-I", null)), plan.rows().get(0).changes());
    }

    @Test
    void everyFieldFromDutchAndEnglishColumnNames() {
        String dutch = "Kenmerk;Locatie (straat);Breedtegraad;Lengtegraad;Omschrijving;Doel;Grondslag;Leverancier;Model;Firmware;"
                + "Serienummer;Gesloten netwerk;Netwerksegment;Afdeling;DPIA;Installatiedatum;Bewaartermijn (dagen);Openbaar;RTSP-URL\n"
                + "UT-001;Neude 1;52,09347;5,11865;Plein;Openbare orde;Gemeentewet 151c;Hikvision;DS-2CD2143G2-I;V5.7.3;"
                + "DS123;ja;VLAN 120 cameras;Veiligheid;DPIA-2024-03;15-3-2024;14;WAAR;rtsp://10.20.1.15:554/Streaming/Channels/101\n";
        String english = "Key,Location (street),Latitude,Longitude,Description,Purpose,Legal basis,Vendor,Model,Firmware,"
                + "Serial number,Closed network,Network segment,Department,DPIA reference,Installation date,Retention (days),Public,RTSP URL\n"
                + "UT-001,Neude 1,52.093470,5.11865,Plein,Openbare orde,gemeentewet-151c,Hikvision,DS-2CD2143G2-I,V5.7.3,"
                + "DS123,yes,VLAN 120 cameras,Veiligheid,DPIA-2024-03,2024-03-15,14,true,RTSP://10.20.1.15:554/Streaming/Channels/101\n";
        RegisterEntry expected = new RegisterEntry("UT-001", "Neude 1", new BigDecimal("52.09347"), new BigDecimal("5.11865"),
                "Plein", "Openbare orde", "gemeentewet-151c", "Hikvision", "DS-2CD2143G2-I", "V5.7.3", "DS123", true,
                "VLAN 120 cameras", "Veiligheid", "DPIA-2024-03", LocalDate.of(2024, 3, 15), 14, true,
                "rtsp://10.20.1.15:554/Streaming/Channels/101");
        assertEquals(expected, only(plan(utf8(dutch), List.of())));
        ImportPlan fromEnglish = plan(utf8(english), List.of());
        assertEquals(expected, only(fromEnglish));
        assertEquals(Action.UNCHANGED, plan(utf8(english), List.of(expected)).rows().get(0).action(),
                "52.093470 is the coordinate 52,09347");
    }

    @Test
    void anExplicitMappingNamesOtherColumnsAndAnUnknownColumnIsAProblem() {
        byte[] file = utf8("Adres;Kleur;Merk;Opmerking\nNeude;grijs;Dahua;bij de fontein\n");
        ImportPlan unmapped = plan(file, List.of());
        assertFalse(unmapped.applicable());
        assertEquals(List.of("line 1, column 2 (Kleur): unknown column 'Kleur': map it to one of [key, location, latitude,"
                        + " longitude, description, purpose, legalRegime, vendor, model, firmware, serialNumber, closedNetwork,"
                        + " networkSegment, department, dpiaReference, installedOn, retentionDays, public, rtspUrl] or to 'ignore'",
                        "line 1, column 4 (Opmerking): unknown column 'Opmerking': map it to one of [key, location, latitude,"
                        + " longitude, description, purpose, legalRegime, vendor, model, firmware, serialNumber, closedNetwork,"
                        + " networkSegment, department, dpiaReference, installedOn, retentionDays, public, rtspUrl] or to 'ignore'"),
                unmapped.problems().stream().map(Object::toString).toList());

        ImportPlan mapped = IMPORT.plan(file, Map.of("kleur", "ignore", "Opmerking", "description"), List.of());
        RegisterEntry e = only(mapped);
        assertEquals("bij de fontein", e.description());
        assertEquals("Dahua", e.vendor());
        assertEquals("Neude", e.location());

        ImportPlan badMapping = IMPORT.plan(file, Map.of("Kleur", "colour", "Opmerking", "ignore", "Straat", "location"), List.of());
        assertEquals(List.of("line 1, column 2 (Kleur): the mapping names 'colour', which is not a field; fields: [key, location,"
                        + " latitude, longitude, description, purpose, legalRegime, vendor, model, firmware, serialNumber, closedNetwork,"
                        + " networkSegment, department, dpiaReference, installedOn, retentionDays, public, rtspUrl] or 'ignore'",
                        "file: the mapping names column 'Straat', which the file does not have"),
                badMapping.problems().stream().map(Object::toString).toList());
    }

    @Test
    void aMissingRequiredColumnIsAProblemOfTheFile() {
        ImportPlan plan = plan(utf8("Omschrijving;Leverancier\nPlein;Dahua\n"), List.of());
        assertFalse(plan.applicable());
        assertEquals(List.of(), plan.rows());
        assertEquals(List.of("line 1: required column 'Locatie (straat)' ('Location (street)') is missing; the columns are"
                + " [Omschrijving, Leverancier]"), plan.problems().stream().map(Object::toString).toList());
    }

    @Test
    void twoColumnsForOneFieldAreAProblem() {
        ImportPlan plan = plan(utf8("Locatie;Adres\nNeude;Neude 1\n"), List.of());
        assertEquals(List.of("line 1, column 2 (Adres): columns 'Locatie' and 'Adres' both give location; map one of them to"
                + " another field or to 'ignore'"), plan.problems().stream().map(Object::toString).toList());
    }

    @Test
    void duplicateKeysInTheFileAreProblemsOfTheLaterRows() {
        ImportPlan withKeys = plan(utf8("Kenmerk;Locatie\nCAM-1;Neude\nCAM-2;Vredenburg\nCAM-1;Neude\n"), List.of());
        assertFalse(withKeys.applicable());
        assertEquals(List.of("line 4, column 1 (Kenmerk): duplicate key 'CAM-1': line 2 has it too"),
                withKeys.problems().stream().map(Object::toString).toList());

        // Without a key column, location and description are the key, compared without case, accents or punctuation.
        ImportPlan withoutKeys = plan(utf8("Locatie;Omschrijving\nJanskerkhof;Café De Poort\nNeude;Plein\n"
                + "janskerkhof;Cafe de Poort.\n"), List.of());
        assertEquals(List.of("line 4, column 1 (Locatie): duplicate key: line 2 has the same location and description"
                + " (without a 'Kenmerk' column, rows are told apart by these two)"),
                withoutKeys.problems().stream().map(Object::toString).toList());
    }

    @Test
    void aRowThatMatchesTwoEntriesAsksForAKeyColumn() {
        RegisterEntry a = RegisterEntry.builder().set(RegisterField.KEY, "A").set(RegisterField.LOCATION, "Neude").build();
        RegisterEntry b = RegisterEntry.builder().set(RegisterField.KEY, "B").set(RegisterField.LOCATION, "Neude").build();
        ImportPlan plan = plan(utf8("Locatie;Leverancier\nNeude;Dahua\n"), List.of(a, b));
        assertEquals(List.of("line 2, column 1 (Locatie): matches 2 register entries (keys [A, B]); add a 'Kenmerk' column to say"
                + " which"), plan.problems().stream().map(Object::toString).toList());
    }

    @Test
    void everyBadCellIsReportedWithItsLineColumnAndReason() {
        String file = "Kenmerk;Locatie;Breedtegraad;Lengtegraad;Gesloten netwerk;Installatiedatum;Bewaartermijn (dagen);Grondslag;RTSP-URL\n"
                + "A;Neude;52,1;5,1;ja;1-1-2020;28;gemeentewet-151c;http://10.20.1.15/stream\n"
                + "B;Vredenburg;95;5,1;misschien;31-2-2020;7;;rtsp://10.20.1.16/x\n"
                + "C;;52,1;;ja;2027-01-05;29;Gemeentewet 151c;rtsp://10.21.0.1/x\n"
                + "D;Neude 2;;;nee;;12;verkeer;rtsp://admin:Geheim42@10.20.1.17/x\n"
                + "E;Neude 3;;;nee;;;;rtsp://10.20.1.18/Streaming/Channels/101\n";
        ImportPlan plan = plan(utf8(file), List.of());
        assertFalse(plan.applicable());
        assertEquals(List.of(
                "line 2, column 9 (RTSP-URL): must start with rtsp:// or rtsps:// (got 'http:')",
                "line 3, column 5 (Gesloten netwerk): 'misschien' is not yes or no (ja/nee, yes/no, true/false, 1/0)",
                "line 3, column 6 (Installatiedatum): '31-2-2020' is not a date in the calendar",
                "line 4, column 2 (Locatie): is required",
                "line 4, column 4 (Lengtegraad): is required when latitude is given (WGS84 coordinates come in pairs)",
                "line 4, column 7 (Bewaartermijn (dagen)): is 29 days but legal basis 'gemeentewet-151c' allows at most 28",
                "line 4, column 6 (Installatiedatum): lies in the future (2027-01-05)",
                "line 4, column 9 (RTSP-URL): host '10.21.0.1' (10.21.0.1) is outside the allowed camera networks [10.20.0.0/16]",
                "line 5, column 8 (Grondslag): 'verkeer' is not a configured legal basis; known: [avg-building-security,"
                        + " gemeentewet-151c]",
                "line 5, column 9 (RTSP-URL): carries a user name or password; the register holds no credentials: leave them out"
                        + " of the URL and give them when the camera is connected"),
                plan.problems().stream().map(Object::toString).toList());
        assertFalse(plan.problems().toString().contains("Geheim42"), "a password in a URL is never repeated");
        assertEquals(List.of("E"), plan.rows().stream().map(r -> r.after().key()).toList(), "the good row is still planned");
        assertEquals(List.of("line 2, column 3 (Breedtegraad): must be between -90 and 90 degrees (WGS84)",
                        "line 2, column 4 (Lengtegraad): must be between -180 and 180 degrees (WGS84)"),
                plan(utf8("Kenmerk;Locatie;Breedtegraad;Lengtegraad\nB;Vredenburg;90,5;-181\n"), List.of()).problems().stream()
                        .map(Object::toString).toList());
    }

    @Test
    void brokenEncodingIsRefusedWithTheLineOfTheFirstBadByte() {
        // 0x81 is no character in Windows-1252, and "0xE9 ;" is no UTF-8: neither encoding fits.
        byte[] file = {'L', 'o', 'c', 'a', 't', 'i', 'e', '\n', 'C', 'a', 'f', (byte) 0xE9, '\n', 'X', (byte) 0x81, '\n'};
        ImportPlan plan = plan(file, List.of());
        assertFalse(plan.applicable());
        assertEquals(List.of("line 3: broken encoding: the file is neither UTF-8 (byte 0xE9 on line 2 is not valid UTF-8) nor"
                + " Windows-1252 (byte 0x81 on line 3 is not a character there); save it as \"CSV UTF-8\""),
                plan.problems().stream().map(Object::toString).toList());
        assertNull(plan.encoding());

        byte[] bomButLatin = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'L', 'o', 'c', 'a', 't', 'i', 'e', '\n', 'C', 'a', 'f', (byte) 0xE9, '\n'};
        assertEquals(List.of("line 2: the file says it is UTF-8 (it starts with a byte order mark) but byte 0xE9 on line 2 is not"
                + " valid UTF-8"), plan(bomButLatin, List.of()).problems().stream().map(Object::toString).toList());
        assertEquals(List.of("line 1: this is a spreadsheet workbook (.xlsx or .ods), not CSV: save it as CSV first"),
                plan(new byte[] {'P', 'K', 3, 4, 20, 0}, List.of()).problems().stream().map(Object::toString).toList());
        assertEquals(List.of("line 1: the file is UTF-16 (\"Unicode text\"); save it as \"CSV UTF-8\" or \"CSV (semicolon separated)\""),
                plan(withUtf16Bom(), List.of()).problems().stream().map(Object::toString).toList());
        assertEquals(List.of("line 1: the file contains NUL bytes: it is not a CSV text file"),
                plan("Locatie\n".getBytes(StandardCharsets.UTF_16LE), List.of()).problems().stream().map(Object::toString).toList());
    }

    private static byte[] withUtf16Bom() {
        byte[] body = "Locatie\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] out = new byte[body.length + 2];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xFE;
        System.arraycopy(body, 0, out, 2, body.length);
        return out;
    }

    @Test
    void quotingProblemsAreReportedWhereTheyAre() {
        assertEquals(List.of("line 4: a quoted cell that starts on line 4 is never closed (a \" is missing)"),
                plan(utf8("Locatie;Omschrijving\nNeude;\"Plein\nmet fontein\"\nVredenburg;\"Plein\n"), List.of())
                        .problems().stream().map(Object::toString).toList());
        ImportPlan afterQuote = plan(utf8("Locatie;Omschrijving\nNeude;\"Plein\" en fontein\n"), List.of());
        assertEquals(List.of("line 2, column 2 (Omschrijving): text after the closing quote of a quoted cell (a quote inside a"
                + " quoted cell must be doubled: \"\")"), afterQuote.problems().stream().map(Object::toString).toList());
        ImportPlan multiLine = plan(utf8("Locatie;Omschrijving\r\nNeude;\"Plein \"\"Neude\"\"\r\nmet fontein\"\r\nVredenburg;x\r\n"),
                List.of());
        assertTrue(multiLine.applicable(), () -> multiLine.problems().toString());
        assertEquals(List.of(2, 4), multiLine.rows().stream().map(ImportPlan.RowPlan::line).toList());
        assertEquals("Plein \"Neude\"\r\nmet fontein", multiLine.rows().get(0).after().description());
    }

    @Test
    void cellsBeyondTheHeaderAndInNamelessColumnsAreProblemsEmptyOnesAreNot() {
        ImportPlan emptyExtras = plan(utf8("Locatie;Leverancier;;\nNeude;Dahua;;\nVredenburg;Hikvision;;;\n\n;;;\n"), List.of());
        assertTrue(emptyExtras.applicable(), () -> emptyExtras.problems().toString());
        assertEquals(2, emptyExtras.rows().size());
        assertEquals(List.of("line 2, column 3: a value in a column without a name: name the column or empty it",
                        "line 3, column 5: the row has a value in column 5 but the header names only 4 columns"),
                plan(utf8("Locatie;Leverancier;;\nNeude;Dahua;x;\nVredenburg;Hikvision;;;y\n"), List.of()).problems().stream()
                        .map(Object::toString).toList());
    }
}
