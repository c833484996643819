package org.braggflow.export.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Curves the report draws from short training runs: one epoch, a flat loss, a log axis. */
class MapChartsTest {

    private static BufferedImage curve(double[] y, boolean logY) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(MapCharts.curve(y, "loss", "epoch", "loss", logY)));
    }

    @Test
    void aSingleEpochAndAFlatCurveDrawOnALogAxis() throws Exception {
        for (double[] y : new double[][] {{1.0919810128576513E7}, {4.2e6}, {3.0, 3.0, 3.0}, {0.37}, {5e6, 1e6, 2e5}}) {
            BufferedImage png = curve(y, true);
            assertEquals(640, png.getWidth());
            assertEquals(400, png.getHeight());
        }
    }

    @Test
    void aSingleValueDrawsOnALinearAxisToo() throws Exception {
        assertEquals(640, curve(new double[] {0.0}, false).getWidth());
        assertEquals(640, curve(new double[] {-2.5, -2.5}, false).getWidth());
    }
}
