@Export
@Version("1.0.0")
package org.braggflow.scanio.write;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
