package org.braggflow.api.stage;

import java.io.IOException;
import org.braggflow.api.result.ClusterResult;
import org.braggflow.api.result.FeatureTable;
import org.braggflow.api.scan.ScanSource;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Revisits a clusterer's labels with the scan's volumes (docs/method.md, section 7): positions whose
 * label the features cannot settle, such as those beside a domain boundary whose peak is stitched from
 * two domains, are labelled again from what their frames show.
 *
 * @since 1.4.0
 */
@ConsumerType
public interface LabelRefiner extends StageService {

    /**
     * The labels after refinement, aligned with {@code positions} as {@code clusters} is.
     *
     * @param scan      the open scan, read again position by position where the refiner needs volumes
     * @param positions the table that was clustered (its rows name the positions; values are not used)
     * @param clusters  the clusterer's result for that table
     */
    ClusterResult refine(ScanSource scan, FeatureTable positions, ClusterResult clusters, Parameters parameters) throws IOException;

    /**
     * What this refiner keeps of every position inside the mask while the scan is first read, so that
     * {@link #refine(ScanSource, FeatureTable, ClusterResult, PositionSummaries, Parameters)} need not read
     * those volumes again; null (the default): nothing, as when this scan gives the refiner nothing to do.
     *
     * @param scan the scan just opened, before any position is read
     * @since 1.5.0
     */
    default PositionSummary summary(ScanSource scan, Parameters parameters) {
        return null;
    }

    /**
     * {@link #refine(ScanSource, FeatureTable, ClusterResult, Parameters)} with the summaries made, as the
     * scan was read, by a {@link #summary} of this stage; what they lack is read from {@code scan}.
     *
     * @param summaries null when nothing was kept (the default then reads everything it needs)
     * @since 1.5.0
     */
    default ClusterResult refine(ScanSource scan, FeatureTable positions, ClusterResult clusters, PositionSummaries summaries,
                                 Parameters parameters) throws IOException {
        return refine(scan, positions, clusters, parameters);
    }
}
