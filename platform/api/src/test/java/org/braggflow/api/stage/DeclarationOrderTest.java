package org.braggflow.api.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parameters are listed as their declaration lists them, not alphabetically and not as reflection happens to return them. */
class DeclarationOrderTest {

    @interface Declared {
        @Parameter(doc = "first")
        double zeta() default 1;

        @Parameter(doc = "second")
        long alpha() default 2;

        @Parameter(doc = "third", options = {"a", "b"})
        String middle() default "a";

        @Parameter(doc = "fourth")
        boolean beta() default false;
    }

    @Test
    void theDeclarationOrderIsKept() {
        assertEquals(List.of("zeta", "alpha", "middle", "beta"), DeclarationOrder.of(Declared.class).orElseThrow());
        assertEquals(List.of("zeta", "alpha", "middle", "beta"),
                StageDescriptor.specs(Declared.class).stream().map(ParameterSpec::name).toList());
    }

    @Test
    void aClassWithoutAReadableClassFileHasNoOrder() {
        assertEquals(java.util.Optional.empty(), DeclarationOrder.of(int.class));
    }
}
