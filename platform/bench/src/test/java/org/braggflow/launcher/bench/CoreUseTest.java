package org.braggflow.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CoreUseTest {

    private static final long S = 1_000_000_000L;

    @Test
    void countsTheSecondsWhenFewerThanThreeQuartersOfTheCoresWereBusy() {
        // 2 cores, 4 whole seconds: both busy, both, one (an idle gap), both; then a 0.2 s remainder with nothing
        List<Long> wall = List.of(0L, S, 2 * S, 3 * S, 4 * S, 4 * S + S / 5);
        List<Long> cpu = List.of(0L, 2 * S, 4 * S, 5 * S, 7 * S, 7 * S);
        assertEquals("CPU 7.0 s in 4.2 s: 1.67 of 2 cores busy; 1 of 4 seconds below 75 % of them (at 2 s)", CoreUse.summary(cpu, wall, 2));
    }

    @Test
    void joinsConsecutiveIdleSecondsIntoRanges() {
        // one core of two busy in seconds 0, 1, 2 and 4: two gaps, 0-2 and 4
        List<Long> wall = List.of(0L, S, 2 * S, 3 * S, 4 * S, 5 * S);
        List<Long> cpu = List.of(0L, S, 2 * S, 3 * S, 5 * S, 6 * S);
        assertEquals("CPU 6.0 s in 5.0 s: 1.20 of 2 cores busy; 4 of 5 seconds below 75 % of them (at 0-2, 4 s)", CoreUse.summary(cpu, wall, 2));
    }

    @Test
    void saysSoWhenTheJvmGivesNoCpuTime() {
        assertEquals("CPU time of the process not available here", CoreUse.summary(List.of(-1L, -1L), List.of(0L, S), 2));
    }
}
