/**
 * Simulated scans with planted domains and their ground truth, in every input format.
 *
 * <p>Entry points: {@link org.braggflow.scanio.simulate.SimulationSpec#of} (default preset) or
 * {@link org.braggflow.scanio.simulate.SimulationSpec#hard} (hard preset), adjusted with
 * {@code withGeometry}, {@code withAngles}, {@code withDrift}; then
 * {@link org.braggflow.scanio.simulate.SimulatedScan#write} writes the scan and returns its
 * {@link org.braggflow.scanio.simulate.SimulationTruth} (labels, domains with kinds, strain, tilt and
 * gradient maps), which {@code SimulationTruth.write} / {@code read} keep as JSON beside the scan.
 *
 * <p>The hard preset: an irregular particle holding a reference matrix and one strained, one tilted,
 * one split-peak and one broadened domain, grown as lobed blobs in warped coordinates (curved
 * boundaries, 6-35 % of the particle each, the reference 28-40 %, random per seed); the split peak has
 * two sub-peaks 1.25 FWHM apart in a random tilt direction, weighted 0.6 / 0.4 about the reference's
 * centre of mass; a linear strain gradient of 15 % of the strained domain's strain spans the particle.
 * Peak widths are set in rocking steps and detector pixels (max(1.2, (angles - 1) / 12) steps,
 * max(2.5, min(det) / 24) pixels) and the domains' shifts in peak widths (strain 1.5 FWHM, tilt 1.2
 * FWHM), so any energy, distance, pixel size, detector size and rocking step gives resolved peaks and
 * distinguishable domains.
 *
 * <p>Not exported to bundles: the simulator lives on the launcher's class path only (simulate,
 * evaluate, bench) and in tests.
 */
package org.braggflow.scanio.simulate;
