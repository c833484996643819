@Export
@Version("1.5.0")
package org.braggflow.spatial;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
