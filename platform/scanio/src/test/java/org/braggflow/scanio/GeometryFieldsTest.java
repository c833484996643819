package org.braggflow.scanio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.braggflow.api.scan.Geometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeometryFieldsTest {

    @TempDir
    Path dir;

    private Path manifest(String geometry) throws IOException {
        Files.writeString(dir.resolve("scan.json"), """
                {"format": "hxn-h5", "detector": "merlin1", "angles": [{"scan_id": 1, "angle_deg": 0.5}],
                 "geometry": {"energy_kev": 12.0, "delta_deg": 18.1, "gamma_deg": 28.5, "detector_distance_m": 0.5,
                              "pixel_size_um": 55.0, "step_size_nm": 100.0%s}}
                """.formatted(geometry));
        return dir;
    }

    private String problem(String geometry) throws IOException {
        return assertThrows(ScanFormatException.class, () -> ScanManifest.read(manifest(geometry))).getMessage();
    }

    @Test
    void withoutTheSettingAFileReadsExactlyAsBefore() throws IOException {
        Geometry g = ScanManifest.read(manifest("")).geometry();
        assertEquals(new Geometry(12.0, 18.1, 28.5, 0.5, 55.0, 100.0, Double.NaN, Double.NaN, Double.NaN), g);
        assertEquals(Geometry.Convention.BRAGGFLOW, g.convention());
        assertFalse(g.rowFlip() || g.colFlip());
        assertEquals(31.5, g.centerRowFor(64), 0);   // the frame's middle, (N-1)/2
        assertEquals(32, g.centerColFor(65), 0);
        Geometry explicit = ScanManifest.read(manifest(", \"convention\": \"braggflow\", \"center_row\": 10, \"center_col\": 12.5")).geometry();
        assertEquals(g.withCenter(10, 12.5), explicit);
        assertEquals(10, explicit.centerRowFor(64), 0);
    }

    @Test
    void flagsAndCentreAreRead() throws IOException {
        Geometry g = ScanManifest.read(manifest(", \"row_flip\": true, \"col_flip\": true")).geometry();
        assertTrue(g.rowFlip() && g.colFlip());
        assertEquals(Geometry.Convention.BRAGGFLOW, g.convention());
        assertEquals(18.1, g.deltaDeg(), 0);
        Geometry hxn = ScanManifest.read(manifest(", \"convention\": \"hxn\", \"row_flip\": false, \"center_row\": 7")).geometry();
        assertFalse(hxn.rowFlip());
        assertEquals(-28.5, hxn.deltaDeg(), 0);
        assertEquals(18.1, hxn.gammaDeg(), 0);
        assertEquals(7, hxn.centerRowFor(64), 0);
        assertEquals(31, hxn.centerColFor(64), 0);   // round(64/2)-1, no column flip
    }

    @Test
    void badSettingsAreNamedWithTheFile() throws IOException {
        String m = problem(", \"convention\": \"HXN-2\"");
        assertTrue(m.startsWith(dir.resolve("scan.json").toString()), m);
        assertTrue(m.contains("geometry.convention must be 'braggflow' or 'hxn', not 'HXN-2'"), m);
        assertTrue(problem(", \"convention\": 3").contains("geometry.convention must be 'braggflow' or 'hxn', not 3"));
        assertTrue(problem(", \"row_flip\": \"yes\"").contains("geometry.row_flip must be true or false, not 'yes'"));
        assertTrue(problem(", \"col_flip\": 2").contains("geometry.col_flip must be true or false, not 2"));
        assertTrue(problem(", \"center_row\": -3").contains("geometry.center_row must be a 0-based pixel index, not negative"));
        assertTrue(problem(", \"center_col\": \"middle\"").contains("geometry.center_col must be a finite number, not 'middle'"));
    }

    @Test
    void writtenGeometryReadsBackInTheFilesConvention() throws IOException {
        List<ScanManifest.Angle> angles = List.of(new ScanManifest.Angle(7, -0.1), new ScanManifest.Angle(10, 0.1));
        Geometry hxn = Geometry.fromBeamline(12.0, 3.2, 44.7, 0.5, 55.0, 100.0).withCenter(100, 90);
        new ScanManifest("hxn-h5", "merlin1", angles, hxn, null).write(dir);
        String json = Files.readString(dir.resolve("scan.json"));
        // the file holds the beamline's own numbers and says so
        assertTrue(json.contains("\"delta_deg\" : 3.2") && json.contains("\"gamma_deg\" : 44.7"), json);
        assertTrue(json.contains("\"convention\" : \"hxn\"") && json.contains("\"row_flip\" : true"), json);
        assertEquals(hxn, ScanManifest.read(dir).geometry());

        Geometry plain = Geometry.of(12.0, 18.1, 28.5, 0.5, 55.0, 100.0);
        new ScanManifest("hxn-h5", "merlin1", angles, plain, null).write(dir);
        json = Files.readString(dir.resolve("scan.json"));
        assertFalse(json.contains("convention") || json.contains("flip") || json.contains("center"), json);
        assertEquals(plain, ScanManifest.read(dir).geometry());
    }
}
