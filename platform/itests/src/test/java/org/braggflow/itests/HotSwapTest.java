package org.braggflow.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.launcher.camel.StageConstants;
import org.braggflow.launcher.osgi.BundleJars;
import org.braggflow.launcher.stage.StageRegistry;
import org.braggflow.launcher.stage.StageUnavailableException;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;

/** Camel exchanges through {@code stage:} while stage bundles are replaced and removed under them. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class HotSwapTest extends PlatformTestSupport {

    /** A cloud of 200 points on a line plus one far outlier that sor removes. */
    private static PointCloud cloud() {
        float[] xyz = new float[3 * 201];
        for (int i = 0; i < 200; i++) xyz[3 * i] = i * 0.1f;
        xyz[3 * 200] = 10;
        xyz[3 * 200 + 1] = 500;
        return new PointCloud(0, 0, xyz, null);
    }

    private CamelContext start(StageRegistry registry, long timeoutMillis) throws Exception {
        CamelContext camel = camel(registry);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:denoise").to("stage:denoiser:sor?timeoutMillis=" + timeoutMillis);
            }
        });
        camel.start();
        return camel;
    }

    @Test
    public void aReplacedBundleServesTheNextExchange() throws Exception {
        try (StageRegistry registry = new StageRegistry(context); CamelContext camel = start(registry, 10_000)) {
            ProducerTemplate producer = camel.createProducerTemplate();
            Exchange first = producer.request("direct:denoise", e -> e.getIn().setBody(cloud()));
            assertEquals("0.1.0", first.getMessage().getHeader(StageConstants.BUNDLE_VERSION));
            assertEquals(200, first.getMessage().getBody(PointCloud.class).size());

            Path next = Files.createTempFile("denoise-sor", ".jar");
            BundleJars.withVersion(BUNDLES.resolve("denoise-sor.jar"), next, "0.2.0");
            Bundle sor = installed("org.braggflow.denoise.sor");
            try (InputStream in = Files.newInputStream(next)) {
                sor.update(in);
            }
            Exchange second = producer.request("direct:denoise", e -> e.getIn().setBody(cloud()));
            assertEquals("0.2.0", second.getMessage().getHeader(StageConstants.BUNDLE_VERSION));
            assertEquals(200, second.getMessage().getBody(PointCloud.class).size());
            assertEquals(Bundle.ACTIVE, sor.getState());
        }
    }

    @Test
    public void aRemovedStageMakesExchangesWaitThenFailNamingTheStage() throws Exception {
        try (StageRegistry registry = new StageRegistry(context); CamelContext camel = start(registry, 1_500)) {
            installed("org.braggflow.denoise.sor").stop();
            long t0 = System.nanoTime();
            try {
                camel.createProducerTemplate().requestBody("direct:denoise", cloud());
                fail("an exchange without its stage must fail");
            } catch (CamelExecutionException e) {
                double waited = (System.nanoTime() - t0) / 1e9;
                assertTrue("cause is the missing stage: " + e.getCause(), e.getCause() instanceof StageUnavailableException);
                assertTrue(e.getCause().getMessage(), e.getCause().getMessage().contains("stage denoiser/sor is not deployed"));
                assertTrue("waited the bounded time, not less: " + waited, waited >= 1.4);
                assertTrue("did not hang: " + waited, waited < 10);
            }
        }
    }

    @Test
    public void aStageRestoredDuringTheWaitServesTheWaitingExchange() throws Exception {
        try (StageRegistry registry = new StageRegistry(context); CamelContext camel = start(registry, 20_000)) {
            Bundle sor = installed("org.braggflow.denoise.sor");
            sor.stop();
            Thread restore = new Thread(() -> {
                try {
                    Thread.sleep(1000);
                    sor.start();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            restore.start();
            Exchange ex = camel.createProducerTemplate().request("direct:denoise", e -> e.getIn().setBody(cloud()));
            restore.join();
            assertEquals(null, ex.getException());
            assertEquals(200, ex.getMessage().getBody(PointCloud.class).size());
        }
    }
}
