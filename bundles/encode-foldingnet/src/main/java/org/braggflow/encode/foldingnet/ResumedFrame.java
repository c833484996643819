package org.braggflow.encode.foldingnet;

/**
 * The input frame of a model training resumes from. {@code MODEL}: the frame it was trained in, so its
 * codewords stay comparable with those it gave before. {@code SCAN}: centring and scale measured on the
 * clouds at hand, with the model's centring rule and padding: a model trained on other geometries then
 * sees this scan's clouds at the size it was trained on, while sizes within the scan still compare, as
 * one scale serves every cloud of the scan.
 */
enum ResumedFrame {
    MODEL, SCAN
}
