package org.braggflow.api.stage;

import org.osgi.annotation.versioning.ProviderType;

/** Receives progress of long work, in units the caller names (positions, clouds, epochs). */
@ProviderType
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = (done, total) -> { };

    void progress(long done, long total);
}
