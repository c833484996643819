package org.braggflow.launcher.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DomainScoreTest {

    @Test
    void identicalPartitionsUnderOtherNamesScoreOne() {
        int[] planted = {0, 0, 0, 1, 1, 1, 2, 2, -1};
        int[] found = {5, 5, 5, 3, 3, 3, 0, 0, 7};
        DomainScore s = DomainScore.of(planted, found, null, 9);
        assertEquals(1.0, s.ari(), 1e-12);
        assertEquals(3, s.found());
        assertEquals(8, s.positions(), "positions outside the particle are not compared");
        assertEquals(1.0, s.minRecall(), 1e-12);
    }

    /** Worked by hand: planted {0,0,0,1,1,1}, found {0,0,1,1,1,1}. */
    @Test
    void interiorPositionsAreThoseWhoseEightNeighboursShareTheirDomain() {
        // 4 x 5 grid: domain 0 in columns 0-2, domain 1 in columns 3-4, the last row outside the particle
        int[] planted = {0, 0, 0, 1, 1,
                         0, 0, 0, 1, 1,
                         0, 0, 0, 1, 1,
                         -1, -1, -1, -1, -1};
        int[] interior = DomainScore.interior(planted, 5);
        int[] expected = {-1, -1, -1, -1, -1,
                          -1, 0, -1, -1, -1,
                          -1, -1, -1, -1, -1,
                          -1, -1, -1, -1, -1};
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, interior);
    }

    @Test
    void adjustedRandIndexMatchesAHandComputation() {
        DomainScore s = DomainScore.of(new int[] {0, 0, 0, 1, 1, 1}, new int[] {0, 0, 1, 1, 1, 1}, null, 6);
        // contingency [[2,1],[0,3]]: index = C(2,2)+C(3,2) = 4; a = 3+3 = 6; b = C(2,2)+C(4,2) = 7; C(6,2) = 15
        double expected = 6 * 7 / 15.0, max = (6 + 7) / 2.0;
        assertEquals((4 - expected) / (max - expected), s.ari(), 1e-12);
        assertEquals(2 / 3.0, s.recall().get(0), 1e-12);
        assertEquals(1.0, s.recall().get(1), 1e-12);
    }

    @Test
    void aDomainCutAlongTheGradientIsASplitAndStrayBoundaryPositionsAreNot() {
        int n = 100;
        int[] planted = new int[n];
        double[] gradient = new double[n];
        for (int i = 0; i < n; i++) gradient[i] = i / (double) n;
        int[] cut = new int[n], stray = new int[n];
        for (int i = 0; i < n; i++) {
            cut[i] = i < 60 ? 0 : 1;
            // 20 % elsewhere, spread evenly along the gradient
            stray[i] = i % 5 == 0 ? 1 : 0;
        }
        assertTrue(DomainScore.of(planted, cut, gradient, n).gradientSplit());
        assertFalse(DomainScore.of(planted, stray, gradient, n).gradientSplit());
        assertEquals(0.6, DomainScore.of(planted, cut, gradient, n).minRecall(), 1e-12);
    }

    @Test
    void summaryMediansAndOrdering() {
        List<EvaluationRow> rows = List.of(
                row("a", 0.9), row("a", 1.0), row("a", 0.7),
                row("b", 0.8), row("b", 0.85), row("b", 0.95));
        EvaluationSummary s = new EvaluationSummary(rows);
        assertEquals(0.9, s.medianAri("a"), 1e-12);
        assertEquals(0.7, s.minAri("a"), 1e-12);
        assertEquals(2 / 3.0, s.allRecalledShare("a"), 1e-12);
        assertTrue(s.ordering(List.of("a", "b")).endsWith(": holds"), s.ordering(List.of("a", "b")));
        assertTrue(s.ordering(List.of("b", "a")).endsWith("NOT hold"));
    }

    @Test
    void pairedComparisonCountsScanByScanAndTheSignTestIsExact() {
        // three scans; a beats b on seed 1, ties on seed 2 (within csv precision), loses on seed 3; c ran only seed 1
        List<EvaluationRow> rows = List.of(
                row("a", 1, 0.95), row("a", 2, 0.9), row("a", 3, 0.7),
                row("b", 1, 0.90), row("b", 2, 0.9 + 1e-8), row("b", 3, 0.8),
                row("c", 1, 0.5));
        EvaluationSummary s = new EvaluationSummary(rows);
        EvaluationSummary.Paired ab = s.paired("a", "b");
        assertEquals(1, ab.higher());
        assertEquals(1, ab.equal());
        assertEquals(1, ab.lower());
        assertEquals(1.0, ab.signTestP(), 1e-12);
        EvaluationSummary.Paired ac = s.paired("a", "c");
        assertEquals(1, ac.higher() + ac.equal() + ac.lower(), "only the scan both ran");
        assertEquals(2, s.pairedLines(List.of("a", "missing", "b", "c")).lines().count(), s.pairedLines(List.of("a", "b", "c")));
        // 10 of 10 one way: 2 / 2^10; 8 against 2: 2 (1 + 10 + 45) / 2^10
        assertEquals(2 / 1024.0, EvaluationSummary.signTest(10, 0), 1e-12);
        assertEquals(2 * 56 / 1024.0, EvaluationSummary.signTest(2, 8), 1e-12);
        assertEquals(1.0, EvaluationSummary.signTest(0, 0), 1e-12);
    }

    private static EvaluationRow row(String w, long seed, double ari) {
        return new EvaluationRow("hard", seed, "h5", w, ari, 5, 5, ari, java.util.Map.of("split", ari), false, 1e-5, 10, null, 1.0, 1.0, 1e-5);
    }

    private static EvaluationRow row(String w, double ari) {
        return new EvaluationRow("hard", 1, "h5", w, ari, 5, 5, ari, java.util.Map.of("split", ari), false, 1e-5, 10, null, 1.0, 1.0, 1e-5);
    }

    @Test
    void interiorPositionsAreThoseWhoseEightNeighboursShareTheirDomainAndCoverageCountsClustered() {
        // 4 x 6 grid: left half domain 0, right half domain 1; one particle position left unclustered
        int cols = 6;
        int[] planted = new int[24], found = new int[24];
        for (int i = 0; i < 24; i++) planted[i] = i % cols < 3 ? 0 : 1;
        for (int i = 0; i < 24; i++) found[i] = planted[i];
        // the boundary columns 2 and 3 are all wrong, the interior right
        for (int r = 0; r < 4; r++) {
            found[r * cols + 2] = 1;
            found[r * cols + 3] = 0;
        }
        found[0] = -1;
        DomainScore s = DomainScore.of(planted, found, null, cols);
        assertEquals(1.0, s.interiorAri(), 1e-12, "columns 0-1 and 4-5 of the middle rows are interior and right");
        assertTrue(s.ari() < 0.5, "whole-map ARI " + s.ari());
        assertEquals(23 / 24.0, s.coverage(), 1e-12);
    }
}
