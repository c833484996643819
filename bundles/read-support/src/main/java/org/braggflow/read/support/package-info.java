/**
 * What every scan reader does after decoding its format: monitor normalisation, hot-pixel repair, drift
 * estimation and drift-corrected volumes, the particle mask, and the reader parameters. Not exported:
 * each reader bundle carries its own copy (bnd -conditionalpackage), so redeploying a reader changes
 * how its scans are aligned and masked, and no other bundle depends on it.
 */
package org.braggflow.read.support;
