package org.braggflow.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.braggflow.api.stage.ParameterSpec;
import org.braggflow.api.stage.StageDescriptor;
import org.braggflow.api.stage.StageService;
import org.braggflow.api.stage.StageType;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/** Every shipped stage bundle resolves, starts and registers its stage with the declared properties. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShippedStagesTest extends PlatformTestSupport {

    @Test
    public void everyShippedBundleIsActive() throws Exception {
        for (java.nio.file.Path jar : jars(BUNDLES)) {
            Bundle b = null;
            for (Bundle candidate : context.getBundles()) {
                if (candidate.getLocation().endsWith(jar.getFileName().toString())) b = candidate;
            }
            assertTrue("installed: " + jar, b != null);
            assertEquals(jar + " is active", Bundle.ACTIVE, b.getState());
        }
    }

    @Test
    public void stagesAreRegisteredUnderTheirInterfaceWithTypeAndName() throws Exception {
        Set<String> found = new TreeSet<>();
        for (StageType type : StageType.values()) {
            Collection<? extends ServiceReference<? extends StageService>> refs =
                    context.getServiceReferences(type.serviceInterface(), null);
            for (ServiceReference<? extends StageService> ref : refs) {
                assertEquals(type.id(), ref.getProperty(StageType.TYPE_PROPERTY));
                String name = (String) ref.getProperty(StageType.NAME_PROPERTY);
                StageService service = context.getService(ref);
                StageDescriptor d = StageDescriptor.of(type.id(), name, service);
                assertFalse(name + " has a description", d.description().isBlank());
                for (ParameterSpec p : d.parameters()) {
                    assertFalse(name + "." + p.name() + " has a doc", p.doc().isBlank());
                    p.convert(p.defaultValue());
                }
                found.add(type.id() + "/" + name + "@" + ref.getBundle().getSymbolicName());
                context.ungetService(ref);
            }
        }
        assertEquals(Set.of("reader/hdf5@org.braggflow.read.hdf5", "reader/hxn@org.braggflow.read.hxn", "reader/tiff@org.braggflow.read.tiff",
                "cloud/threshold@org.braggflow.cloud.threshold", "denoiser/sor@org.braggflow.denoise.sor", "denoiser/lpa-ici@org.braggflow.denoise.lpaici",
                "encoder/foldingnet@org.braggflow.encode.foldingnet", "encoder/pca@org.braggflow.encode.pca", "clusterer/kmeans@org.braggflow.cluster.kmeans", "refiner/stitched@org.braggflow.refine.stitched", "features/blocks@org.braggflow.features.blocks",
                "maps/conventional@org.braggflow.maps.conventional", "exporter/tables@org.braggflow.export.files",
                "exporter/images@org.braggflow.export.files", "exporter/report@org.braggflow.export.files", "exporter/clouds@org.braggflow.export.files",
                "exporter/nexus@org.braggflow.export.files"), found);
    }
}
