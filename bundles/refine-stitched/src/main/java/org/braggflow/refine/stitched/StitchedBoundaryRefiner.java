package org.braggflow.refine.stitched;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.logging.Logger;
import org.braggflow.api.result.ClusterResult;
import org.braggflow.api.result.FeatureTable;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.api.scan.ScanSource;
import org.braggflow.api.stage.LabelRefiner;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.PositionSummaries;
import org.braggflow.api.stage.PositionSummary;
import org.braggflow.api.stage.Stage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code refiner/stitched} stage (docs/method.md, section 7). A reader that corrects drift takes each
 * position's frame at each angle from the nearest grid position, whose sample point lies up to half a
 * position away ({@link ScanSource#frameOffsets()}); beside a domain boundary some of a position's frames
 * then show the other domain, and its features fall between the two. This stage labels each such
 * position again from its frames: every frame of the position and of its 8 neighbours that one
 * candidate cluster explains clearly better than the others becomes a labelled sample point at its
 * known place, and the position takes the label of its side of the straight boundary that best
 * separates those points ({@link SidePicker}). Positions whose neighbours all share their label are
 * never changed. Without frame offsets (bilinear resampling, a reader that does not say) the labels
 * pass through unchanged.
 */
@Component(service = LabelRefiner.class)
@Stage(type = "refiner", name = "stitched")
public final class StitchedBoundaryRefiner implements LabelRefiner {

    private static final Logger LOG = Logger.getLogger(StitchedBoundaryRefiner.class.getName());

    @Activate
    public StitchedBoundaryRefiner() {
    }

    @Override
    public Class<? extends Annotation> parameterType() {
        return StitchedParameters.class;
    }

    @Override
    public String description() {
        return "Relabels positions beside a domain boundary, whose drift-corrected frames are stitched from two domains, "
                + "by the side of the boundary their own sample point lies on";
    }

    /**
     * Each position's angle profiles, kept as the scan is first read (a few kB per position: 2 x profileBins values
     * per angle at most), so that refining reads no frame again; none when the reader gives no frame offsets, as
     * the labels then pass through.
     */
    @Override
    public PositionSummary summary(ScanSource source, Parameters parameters) {
        ScanMetadata scan = source.metadata();
        double[][] offsets = source.frameOffsets();
        if (scan.nAngles() == 0 || offsets == null || offsets.length != scan.nAngles()) return null;
        AngleProfiles profiles = profiles(scan, parameters.as(StitchedParameters.class));
        String kind = kind(scan, profiles);
        return new PositionSummary() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public float[] of(PositionVolume volume) {
                return profiles.of(volume);
            }
        };
    }

    @Override
    public ClusterResult refine(ScanSource scan, FeatureTable positions, ClusterResult clusters, Parameters parameters) throws IOException {
        return refine(scan, positions, clusters, null, parameters);
    }

    @Override
    public ClusterResult refine(ScanSource scan, FeatureTable positions, ClusterResult clusters, PositionSummaries summaries,
                                Parameters parameters) throws IOException {
        StitchedParameters p = parameters.as(StitchedParameters.class);
        double[][] offsets = scan.frameOffsets();
        ScanMetadata meta = scan.metadata();
        if (offsets == null || offsets.length != meta.nAngles() || clusters.k() < 2) {
            LOG.info("refiner/stitched: labels unchanged (" + (offsets == null ? "the reader gives no frame offsets"
                    : clusters.k() < 2 ? "one cluster" : "offsets do not match the angles") + ")");
            return clusters;
        }
        AngleProfiles profiles = profiles(meta, p);
        // profiles read in one round are kept for the next, so a position is read at most once; those kept as the
        // scan was first read are taken as they are
        Map<Integer, float[]> read = new HashMap<>();
        if (summaries != null && summaries.kind().equals(kind(meta, profiles))) {
            for (int i = 0; i < positions.size(); i++) {
                FeatureTable.Row r = positions.rows().get(i);
                float[] kept = summaries.get(r.row(), r.col());
                if (kept != null) read.put(i, kept);
            }
        }
        int[] labels = clusters.labels();
        for (int pass = 1; pass <= p.passes(); pass++) {
            int kept = read.size();
            int[] refined = relabel(scan, positions, labels, offsets, profiles, read, p);
            int changed = 0;
            for (int i = 0; i < labels.length; i++) if (refined[i] != labels[i]) changed++;
            LOG.info("refiner/stitched: round " + pass + ", " + changed + " positions relabelled (" + (read.size() - kept)
                    + " positions' frames read again)");
            labels = refined;
            if (changed == 0) break;
        }
        // a cluster the refinement emptied leaves no gap
        int[] renumbered = ClusterResult.inScanOrder(labels, positions.rows());
        return new ClusterResult(renumbered, maxLabel(renumbered) + 1, clusters.elbowCurve(), clusters.criterion(), clusters.criterionK(),
                clusters.criterionCurve(), clusters.chosenK());
    }

    private static AngleProfiles profiles(ScanMetadata meta, StitchedParameters p) {
        return new AngleProfiles(meta.nAngles(), meta.detRows(), meta.detCols(), p.profileBins());
    }

    /** What a summary holds: the profiles' layout, which the parameters and the scan's shape decide. */
    private static String kind(ScanMetadata meta, AngleProfiles profiles) {
        return "refiner/stitched angle profiles: " + meta.nAngles() + " angles of " + meta.detRows() + " x " + meta.detCols()
                + " pixels, " + profiles.rowBins + " row and " + profiles.colBins + " column bins";
    }

    /** One round: the labels of the boundary positions read again from their frames, given the labels so far. */
    private static int[] relabel(ScanSource scan, FeatureTable positions, int[] labels, double[][] offsets, AngleProfiles profiles,
                                 Map<Integer, float[]> read, StitchedParameters p) throws IOException {
        ScanMetadata meta = scan.metadata();
        PositionGrid grid = new PositionGrid(positions, labels, meta.scanRows(), meta.scanCols());
        List<Integer> boundary = grid.boundary();
        if (boundary.isEmpty()) return labels;
        boolean[] needed = grid.windows(boundary);
        // template positions: two steps clear of any other label; one step where a cluster has none so clear; where it
        // has none of those either, one step clear of other labels with the particle's edge not counting against it (a
        // domain along the edge, two positions deep, has no position with 8 neighbours of its own, and without a
        // template it is no candidate anywhere: its positions beside two other domains all went to those)
        int clusterCount = maxLabel(labels) + 1;
        boolean[] template = new boolean[grid.size()], hasTemplate = new boolean[clusterCount];
        List<IntPredicate> levels = List.of(i -> grid.interior(i, 2), i -> grid.interior(i, 1), i -> grid.clearOfOthers(i, 1));
        for (IntPredicate level : levels) {
            boolean[] found = new boolean[clusterCount];
            for (int i = 0; i < grid.size(); i++) {
                if (!hasTemplate[labels[i]] && level.test(i)) {
                    template[i] = true;
                    found[labels[i]] = true;
                }
            }
            for (int c = 0; c < clusterCount; c++) hasTemplate[c] |= found[c];
        }
        thin(template, labels, clusterCount, p.templatePositions());

        boolean[] missing = new boolean[grid.size()];
        for (int i = 0; i < missing.length; i++) missing[i] = (template[i] || needed[i]) && !read.containsKey(i);
        grid.read(scan, missing, (i, volume) -> {
            float[] profile = profiles.of(volume);
            synchronized (read) {
                read.put(i, profile);
            }
        });
        FrameTemplates templates = new FrameTemplates(profiles, clusterCount, p.score());
        double[] totals = new double[grid.size()];
        java.util.Arrays.fill(totals, Double.NaN);
        for (int i = 0; i < grid.size(); i++) {
            if (!template[i] && !needed[i]) continue;
            float[] profile = read.get(i);
            double total = 0;
            for (float v : profile) total += v;
            totals[i] = total;
            if (template[i]) templates.add(labels[i], profile);
        }
        templates.finish();
        LocalScale scale = new LocalScale(grid, totals, templates);

        List<float[]> interiorProfiles = new ArrayList<>();
        List<Integer> interiorIndex = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) {
            if (needed[i] && grid.interior(i, 1)) {
                interiorProfiles.add(read.get(i));
                interiorIndex.add(i);
            }
        }
        int[] interiorLabels = new int[interiorIndex.size()];
        double[] interiorScales = new double[interiorIndex.size()];
        for (int t = 0; t < interiorLabels.length; t++) {
            int i = interiorIndex.get(t);
            interiorLabels[t] = labels[i];
            interiorScales[t] = scale.of(i);
        }
        templates.calibrate(interiorProfiles.toArray(new float[0][]), interiorLabels, interiorScales);

        FrameVotes votes = new FrameVotes(templates, scale, offsets, p.evidence(), p.fullVote(), p.radius(), p.locality());
        int[] refined = labels.clone();
        for (int i : boundary) {
            int label = votes.side(grid, i, read);
            if (label >= 0) refined[i] = label;
        }
        return refined;
    }

    /** Keeps at most {@code most} template positions per cluster, every n-th in table (row-major) order. */
    static void thin(boolean[] template, int[] labels, int clusters, int most) {
        int[] count = new int[clusters], seen = new int[clusters];
        for (int i = 0; i < template.length; i++) if (template[i]) count[labels[i]]++;
        for (int i = 0; i < template.length; i++) {
            if (!template[i]) continue;
            int c = labels[i];
            // position seen[c] of count[c] is kept when it starts a new share of count / most
            long before = (long) seen[c] * most / count[c], after = (long) (seen[c] + 1) * most / count[c];
            template[i] = count[c] <= most || after > before;
            seen[c]++;
        }
    }

    private static int maxLabel(int[] labels) {
        int max = -1;
        for (int l : labels) max = Math.max(max, l);
        return max;
    }
}
