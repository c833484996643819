package org.braggflow.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunMapsTest {

    @TempDir
    Path dir;

    @Test
    void mapsBecomeGridsWithGapsWhereNothingWasAnalysedAndLabelsFromClustersCsv() throws Exception {
        Files.writeString(dir.resolve("maps.csv"), "row,col,in_mask,intensity,strain\n0,0,0,5.5,\n0,1,1,9.25,1.5e-4\n1,0,1,8,-2e-4\n1,1,1,7,3e-5\n");
        Files.writeString(dir.resolve("clusters.csv"), "row,col,cluster\n0,1,2\n1,0,0\n1,1,2\n");
        Files.createDirectories(dir.resolve("maps"));
        Files.writeString(dir.resolve("maps/strain.png"), "x");
        JsonNode m = RunMaps.read(dir);
        assertEquals(2, m.get("rows").asInt());
        assertEquals(2, m.get("cols").asInt());
        assertTrue(m.get("maps").get("strain").get(0).get(0).isNull(), "not analysed: no value");
        assertEquals(1.5e-4, m.get("maps").get("strain").get(0).get(1).asDouble());
        assertEquals(-2e-4, m.get("maps").get("strain").get(1).get(0).asDouble());
        assertEquals(5.5, m.get("maps").get("intensity").get(0).get(0).asDouble());
        assertEquals("[[-1,2],[0,2]]", m.get("clusters").toString());
        assertTrue(m.get("downloads").toString().contains("maps/strain.png"));
        assertTrue(m.get("downloads").toString().contains("maps.csv"));
    }

    @Test
    void aRunWithoutMapsSaysSo() {
        IOException e = assertThrows(IOException.class, () -> RunMaps.read(dir));
        assertTrue(e.getMessage().contains("maps.csv does not exist"), e.getMessage());
    }
}
