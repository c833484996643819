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
}
