package org.braggflow.read.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.braggflow.api.scan.Geometry;
import org.braggflow.api.scan.ScanSource;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.StageDescriptor;
import org.braggflow.scanio.ScanFormatException;
import org.braggflow.scanio.write.Hdf5ScanWriter;
import org.braggflow.scanio.write.ScanTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The geometry settings (convention, flips, centre) travel through /entry/instrument attributes. */
class Hdf5GeometryTest {

    @TempDir
    Path dir;

    private final Hdf5ScanReader reader = new Hdf5ScanReader();

    private Geometry roundTrip(Geometry g) throws IOException {
        Path file = dir.resolve("g.h5");
        ScanTarget target = new ScanTarget("s", 2, 2, 3, 4, new double[] {-0.1, 0.1}, g, "merlin1", 1);
        try (Hdf5ScanWriter w = new Hdf5ScanWriter(file, target)) {
            for (int a = 0; a < 2; a++) {
                for (int r = 0; r < 2; r++) for (int c = 0; c < 2; c++) w.frame(a, r, c, new float[12]);
                w.endAngle(a, null, null);
            }
        }
        Parameters p = Parameters.of(StageDescriptor.of("reader", "hdf5", reader), Map.of("alignment", "none", "removeHotPixels", false));
        try (ScanSource scan = reader.open(file, p)) {
            return scan.metadata().geometry();
        }
    }

    @Test
    void beamlineConventionFlipsAndCentreReadBack() throws IOException {
        Geometry hxn = Geometry.fromBeamline(12.0, 3.2, 44.7, 0.5, 55.0, 100.0);
        Geometry read = roundTrip(hxn);
        assertEquals(hxn, read);
        assertEquals(-44.7, read.deltaDeg(), 0);
        assertEquals(1, read.centerRowFor(3), 0);   // 3 rows: round(1.5) = 2, index 1 after the flip = stored row 1
        Geometry flipped = Geometry.of(12.0, 18.1, 28.5, 0.5, 55.0, 100.0).withFlips(false, true).withCenter(1, 2.5);
        assertEquals(flipped, roundTrip(flipped));
        Geometry plain = Geometry.of(12.0, 18.1, 28.5, 0.5, 55.0, 100.0);
        assertEquals(plain, roundTrip(plain));
    }

    @Test
    void aBadConventionAttributeIsNamedWithTheFile() throws IOException {
        Path file = dir.resolve("bad.h5");
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            var entry = h5.putGroup("entry");
            var data = entry.putGroup("data");
            data.putDataset("frames", new float[2][2][2][3][3]);
            data.putDataset("angles_deg", new double[] {1, 2});
            var instrument = entry.putGroup("instrument");
            instrument.putDataset("name", "test");
            instrument.putAttribute("energy_kev", 12.0);
            instrument.putAttribute("delta_deg", 18.1);
            instrument.putAttribute("gamma_deg", 28.5);
            instrument.putAttribute("detector_distance_m", 0.5);
            instrument.putAttribute("pixel_size_um", 55.0);
            instrument.putAttribute("step_size_nm", 100.0);
            instrument.putAttribute("convention", "sideways");
        }
        Parameters p = Parameters.of(StageDescriptor.of("reader", "hdf5", reader), Map.of());
        String m = assertThrows(ScanFormatException.class, () -> reader.open(file, p)).getMessage();
        assertTrue(m.startsWith(file.toString()), m);
        assertTrue(m.contains("/entry/instrument attribute convention must be 'braggflow' or 'hxn', not 'sideways'"), m);
    }
}
