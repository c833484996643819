/**
 * Files written whole or not at all, SHA-256 digests, and float32 tensor files with their recorded
 * digests: the one implementation the platform, the model registry and every encoder's model folder use.
 */
@Export
@Version("1.0.0")
package org.braggflow.api.files;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
