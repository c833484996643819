package org.braggflow.api.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParametersTest {

    enum Shape { PLANE, GAUSSIAN_3D }

    @interface Config {
        @Parameter(doc = "neighbours per point", min = 1, max = 1000)
        int k() default 100;

        @Parameter(doc = "std multiplier", unit = "sigma", min = 0)
        double stdRatio() default 0.8;

        @Parameter(doc = "source points")
        Shape shape() default Shape.PLANE;

        @Parameter(doc = "keep intensity")
        boolean keepIntensity() default false;

        @Parameter(doc = "folder receiving checkpoints", path = true)
        String checkpointFolder() default "";
    }

    @interface NumberAsPath {
        @Parameter(doc = "not a path at all", path = true)
        int k() default 1;
    }

    private final StageDescriptor descriptor =
            new StageDescriptor("denoiser", "test", "test", StageDescriptor.specs(Config.class));

    @Test
    void defaultsAreFilledAndTyped() {
        Config c = Parameters.of(descriptor, Map.of()).as(Config.class);
        assertEquals(100, c.k());
        assertEquals(0.8, c.stdRatio());
        assertEquals(Shape.PLANE, c.shape());
        assertEquals(false, c.keepIntensity());
    }

    @Test
    void userValuesAreConverted() {
        Config c = Parameters.of(descriptor, Map.of("k", 32, "stdRatio", "1.5", "shape", "gaussian-3d",
                "keepIntensity", true)).as(Config.class);
        assertEquals(32, c.k());
        assertEquals(1.5, c.stdRatio());
        assertEquals(Shape.GAUSSIAN_3D, c.shape());
        assertTrue(c.keepIntensity());
    }

    @Test
    void unknownParameterSuggestsTheClosestName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Parameters.of(descriptor, Map.of("stdratio", 1.0, "x", 1)));
        assertTrue(e.getMessage().contains("no parameter 'stdratio'") || e.getMessage().contains("no parameter 'x'"),
                e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> Parameters.of(descriptor, Map.of("stdRatoi", 1.0)));
        assertTrue(e2.getMessage().contains("did you mean 'stdRatio'"), e2.getMessage());
    }

    @Test
    void wrongTypeAndRangeAreRejectedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Parameters.of(descriptor, Map.of("k", 2.5)))
                .getMessage().contains("k must be an integer"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Parameters.of(descriptor, Map.of("k", 0)))
                .getMessage().contains("outside the allowed range [1, 1000]"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Parameters.of(descriptor, Map.of("shape", "cube"))).getMessage().contains("[plane, gaussian-3d]"));
    }

    @Test
    void specsCarryUnitRangeAndDoc() {
        ParameterSpec ratio = descriptor.parameter("stdRatio").orElseThrow();
        assertEquals("sigma", ratio.unit());
        assertEquals("[0, inf]", ratio.rangeText());
        assertEquals("number", ratio.typeName());
        assertEquals(List.of("plane", "gaussian-3d"), descriptor.parameter("shape").orElseThrow().options());
    }

    @Test
    void pathParametersAreMarkedAndMustBeStrings() {
        ParameterSpec folder = descriptor.parameter("checkpointFolder").orElseThrow();
        assertTrue(folder.path());
        assertEquals("path", folder.typeName());
        assertEquals(false, descriptor.parameter("k").orElseThrow().path());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StageDescriptor.specs(NumberAsPath.class));
        assertTrue(e.getMessage().contains("k is declared a path but is not a String"), e.getMessage());
    }
}
