package org.braggflow.encode.foldingnet;

import org.braggflow.api.stage.Parameter;

/**
 * Parameters of the FoldingNet encoder stage; defaults are the authors' run where they are known, the
 * paper's choice for the local matrix, and departures where the authors' choice spent the codeword on
 * position (centring, scale) or removed physics (rotation augmentation, off).
 */
@interface FoldingNetParameters {

    @Parameter(doc = "Points per cloud fed to the network; larger clouds are subsampled without replacement, smaller ones keep "
            + "all their points and are filled up as padding says (the count of padded clouds is in the model's report)",
            unit = "points", min = 32, max = 65_536)
    int pointsPerCloud() default 2048;

    @Parameter(doc = "How clouds with fewer than pointsPerCloud points are filled up: points drawn again and moved by a seeded "
            + "Gaussian step of 0.1 x the cloud's nearest-neighbour spacing, so all points are distinct (jitter), or exact "
            + "duplicates (repeat). Stored in the model")
    Padding padding() default Padding.JITTER;

    @Parameter(doc = "Point each cloud is moved to the origin from before encoding, so the codeword describes shape, not position: "
            + "intensity-weighted centre of mass (the centroid when the cloud has no intensity), centroid, or none (raw "
            + "coordinates, the authors'). Stored in the model and used whenever it encodes")
    Centre centre() default Centre.INTENSITY;

    @Parameter(doc = "Scale of the centred clouds: global divides every cloud by one length, the median RMS radius of the "
            + "training clouds, stored in the model (never per cloud: size carries mosaicity); none keeps the cloud builder's units")
    Scale scale() default Scale.GLOBAL;

    @Parameter(doc = "Neighbours of each point in the encoder's kNN graph, the point itself included",
            unit = "points", min = 2, max = 256)
    int k() default 32;

    @Parameter(doc = "Length of the codeword, the feature vector of a cloud", unit = "values", min = 1, max = 4096)
    int featureSize() default 512;

    @Parameter(doc = "Points the decoder folds: 45x45 plane grid on [-0.3,0.3]^2, unit sphere, 3-D Gaussian, or sourcePointsFile")
    SourceShape sourcePoints() default SourceShape.GAUSSIAN;

    @Parameter(doc = "CSV of source points (header then x,y[,z] per line); used when sourcePoints is file", path = true)
    String sourcePointsFile() default "";

    @Parameter(doc = "3x3 matrix of each point's input: the paper's local covariance of its k neighbours, or the reference code's outer product of its first two neighbours")
    LocalMatrix localMatrix() default LocalMatrix.COVARIANCE;

    @Parameter(doc = "Clouds per training step", unit = "clouds", min = 1, max = 1024)
    int batchSize() default 16;

    @Parameter(doc = "Adam learning rate; 0 means the authors' 1e-4 x 16 / batchSize", min = 0, max = 1)
    double learningRate() default 0;

    @Parameter(doc = "Passes over the training clouds (at most); 0 trains nothing: the network keeps its seeded initial weights (a baseline)",
            unit = "epochs", min = 0, max = 100_000)
    int epochs() default 1250;

    @Parameter(doc = "Training stops after the step that passes this wall-clock time; 0 means no limit",
            unit = "s", min = 0, max = 1e7)
    double timeBudgetSeconds() default 0;

    @Parameter(doc = "Training stops after this many optimiser steps (batches), whatever the epochs and time budget say; 0 means no limit. "
            + "Unlike a time budget, the same on every machine", unit = "steps", min = 0, max = 100_000_000)
    int maxSteps() default 0;

    @Parameter(doc = "Seed of weight initialisation, cloud sampling, batch order and augmentation")
    long seed() default 7;

    @Parameter(doc = "Random rotation of each training cloud in 15-degree steps about this axis through its centroid; none by "
            + "default, since the orientation of a split or a streak is what distinguishes a defect")
    RotationAxis rotationAxis() default RotationAxis.NONE;

    @Parameter(doc = "Save a checkpoint into checkpointFolder every this many epochs; 0 means never",
            unit = "epochs", min = 0, max = 100_000)
    int checkpointEveryEpochs() default 0;

    @Parameter(doc = "Folder receiving checkpoints (a model folder that resumeFrom accepts); empty means none", path = true)
    String checkpointFolder() default "";

    @Parameter(doc = "Model or checkpoint folder whose weights and optimiser state training continues from; empty starts afresh", path = true)
    String resumeFrom() default "";

    @Parameter(doc = "With resumeFrom: keep the resumed model's input frame (model: its codewords stay comparable with those it gave "
            + "before) or measure the scale on these clouds (scan: a model trained on other geometries sees this scan's clouds at the size "
            + "it was trained on; one scale still serves every cloud of the scan, so sizes within it compare). Ignored when training afresh; models older than input frames keep raw coordinates")
    ResumedFrame resumedFrame() default ResumedFrame.MODEL;

    @Parameter(doc = "Stop when the monitored loss (the held-out loss when clouds are held out, else the epoch's training loss) "
            + "has not improved on its best by more than 0.1 % for this many epochs; 0 never stops early",
            unit = "epochs", min = 0, max = 100_000)
    int earlyStopPatience() default 50;

    @Parameter(doc = "Share of the training clouds held out of training (round(share x clouds), at least one cloud left to train "
            + "on, chosen by seed). Their mean Chamfer loss per cloud is measured after every epoch and the model of the epoch "
            + "where it is lowest is the one returned; 0 holds none out and returns the last epoch's model",
            min = 0, max = 0.9)
    double validationShare() default 0.1;

    @Parameter(doc = "Keep Adam's moments with the trained model (optimizer.f32, twice the size of the weights) so resumeFrom "
            + "continues the optimiser; false for a model to ship: resuming from it starts a fresh Adam. Checkpoints always keep it; "
            + "an optimiser that never stepped (epochs 0 on a model saved without one) holds only zeros and is not kept")
    boolean keepOptimizerState() default true;
}
