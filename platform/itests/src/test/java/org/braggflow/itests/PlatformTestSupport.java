package org.braggflow.itests;

import static org.ops4j.pax.exam.CoreOptions.bootDelegationPackages;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.braggflow.launcher.camel.StageComponent;
import org.braggflow.launcher.osgi.SystemPackages;
import org.braggflow.launcher.stage.StageRegistry;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Real Felix with SCR and the shipped stage bundles, set up as the launcher does: the API packages
 * exported by the system bundle; Camel and the launcher's classes on the flat class path.
 */
public abstract class PlatformTestSupport {

    static final Path BUNDLES = Path.of(System.getProperty("braggflow.itests.bundles", "target/bundles"));
    static final Path SYSTEM = Path.of(System.getProperty("braggflow.itests.system", "target/system"));

    @Inject
    protected BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        List<Option> options = new ArrayList<>();
        // appended to the container's own extra system packages (Pax Exam exports its API that way too)
        options.add(systemPackage(SystemPackages.fromClassPath(PlatformTestSupport.class.getClassLoader())));
        // Camel and the launcher live on the application class path, as in the distribution
        options.add(frameworkProperty("org.osgi.framework.bundle.parent").value("app"));
        options.add(bootDelegationPackages("org.apache.camel", "org.apache.camel.*", "org.braggflow.launcher",
                "org.braggflow.launcher.*", "org.slf4j", "org.slf4j.*"));
        for (Path jar : jars(SYSTEM)) options.add(bundle(jar.toUri().toString()));
        for (Path jar : jars(BUNDLES)) options.add(bundle(jar.toUri().toString()));
        options.add(junitBundles());
        options.add(cleanCaches());
        return options.toArray(new Option[0]);
    }

    static List<Path> jars(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    protected Bundle installed(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) return b;
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }

    /** A Camel context as the launcher builds it, with the stage component over a registry of this framework. */
    protected CamelContext camel(StageRegistry registry) {
        DefaultCamelContext ctx = new DefaultCamelContext();
        ctx.setApplicationContextClassLoader(CamelContext.class.getClassLoader());
        ctx.addComponent("direct", new DirectComponent());
        ctx.addComponent("stage", new StageComponent(registry));
        return ctx;
    }
}
