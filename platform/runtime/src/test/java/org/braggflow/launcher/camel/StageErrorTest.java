package org.braggflow.launcher.camel;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.braggflow.api.stage.StageDescriptor;
import org.braggflow.api.stage.StageService;
import org.braggflow.launcher.stage.DeployedStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A stage that throws an Error (here the NoClassDefFoundError of a library missing from the class
 * path) on one of the split's position threads fails the run with a message naming the stage, its
 * bundle and the missing class. Without the guard the failure names none of them, and in a full
 * workflow (an encoder whose ND4J lacked commons-math3) the run waited for ever.
 */
class StageErrorTest {

    private static final DeployedStage ENCODER = new DeployedStage(
            new StageDescriptor("encoder", "broken", "needs a class that is not there", List.of()),
            "org.braggflow.test.broken", "1.2.3", 1L, new StageService() {
                public Class<? extends Annotation> parameterType() {
                    return Deprecated.class;
                }

                public String description() {
                    return "needs a class that is not there";
                }
            });

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anErrorInAStageOnASplitThreadFailsTheExchangeNamingTheStage() throws Exception {
        ExecutorService positions = Executors.newFixedThreadPool(2);
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    errorHandler(noErrorHandler());
                    from("direct:run").split(body()).streaming().parallelProcessing().executorService(positions).stopOnException()
                            .process(e -> e.getIn().setBody(StageProducer.guarded(ENCODER, () -> {
                                if (e.getIn().getBody(Integer.class) == 3) throw new NoClassDefFoundError("org/example/Missing");
                                return "ok";
                            })));
                }
            });
            camel.start();
            Exchange done = camel.createProducerTemplate().send("direct:run", e -> e.getIn().setBody(List.of(1, 2, 3, 4, 5)));
            Exception failure = done.getException();
            assertNotNull(failure, "the run failed");
            String message = String.valueOf(failure.getMessage()) + " / " + failure.getCause();
            assertTrue(message.contains("encoder/broken") && message.contains("org.braggflow.test.broken 1.2.3")
                    && message.contains("org/example/Missing"), message);
        } finally {
            positions.shutdownNow();
        }
    }
}
