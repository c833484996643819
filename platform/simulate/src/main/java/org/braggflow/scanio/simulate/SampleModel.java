package org.braggflow.scanio.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulated particle, in continuous sample coordinates (units of scan positions, row then
 * column): an elliptical particle whose thickness falls to 0 at its edge, cut into Voronoi domains
 * (one per {@link DomainKind}), with a smooth strain gradient across it and a fluorescence texture
 * that drift alignment can lock onto.
 */
final class SampleModel implements Sample {

    /** Strain gradient from one side of the particle to the other (relative). */
    static final double STRAIN_GRADIENT = 3e-4;

    private final double cr, cc, ar, ac;
    private final double[][] seeds;          // domain seed points (row, col)
    private final List<PlantedDomain> domains;
    private final double[][] blobs;          // fluorescence texture: row, col, radius, weight

    SampleModel(int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        cr = (rows - 1) / 2.0;
        cc = (cols - 1) / 2.0;
        ar = 0.44 * rows;
        ac = 0.44 * cols;
        DomainKind[] kinds = DomainKind.values();
        domains = new ArrayList<>();
        seeds = new double[kinds.length][];
        // seeds on a ring inside the particle, evenly spread with a random phase, so each domain is sizeable
        double phase = random.nextDouble() * 2 * Math.PI;
        for (int i = 0; i < kinds.length; i++) {
            double t = phase + 2 * Math.PI * i / kinds.length;
            double rho = 0.55 + 0.1 * random.nextDouble();
            seeds[i] = new double[] {cr + rho * ar * Math.sin(t), cc + rho * ac * Math.cos(t)};
            domains.add(domain(i, kinds[i]));
        }
        blobs = new double[8][];
        for (int i = 0; i < blobs.length; i++) {
            blobs[i] = new double[] {cr + (random.nextDouble() - 0.5) * 1.6 * ar, cc + (random.nextDouble() - 0.5) * 1.6 * ac,
                    0.08 * Math.min(rows, cols) + random.nextDouble() * 0.12 * Math.min(rows, cols), 20 + 40 * random.nextDouble()};
        }
    }

    private static PlantedDomain domain(int label, DomainKind kind) {
        return switch (kind) {
            case REFERENCE -> new PlantedDomain(label, kind, 0, 0, 0, 1, 0);
            case STRAINED -> new PlantedDomain(label, kind, 1.2e-3, 0, 0, 1, 0);
            case TILTED -> new PlantedDomain(label, kind, 0, 1.5e-3, -1.0e-3, 1, 0);
            case SPLIT -> new PlantedDomain(label, kind, 0, 0, 0, 1, 2.5e-3);
            case BROADENED -> new PlantedDomain(label, kind, 0, 0, 0, 2.2, 0);
        };
    }

    @Override
    public List<PlantedDomain> domains() {
        return domains;
    }

    /** Normalised elliptical radius: below 1 inside the particle. */
    @Override
    public double radius(double row, double col) {
        double dr = (row - cr) / ar, dc = (col - cc) / ac;
        return Math.sqrt(dr * dr + dc * dc);
    }

    @Override
    public PlantedDomain domainAt(double row, double col) {
        int best = 0;
        double bestD = Double.MAX_VALUE;
        for (int i = 0; i < seeds.length; i++) {
            double dr = row - seeds[i][0], dc = col - seeds[i][1];
            double d = dr * dr + dc * dc;
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return domains.get(best);
    }

    /** The smooth strain added everywhere: linear across the particle's width. */
    @Override
    public double gradientStrain(double row, double col) {
        return STRAIN_GRADIENT * (col - cc) / (2 * ac);
    }

    @Override
    public double[][] texture() {
        return blobs;
    }
}
