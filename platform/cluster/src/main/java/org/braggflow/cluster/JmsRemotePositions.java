package org.braggflow.cluster;

import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.braggflow.launcher.run.RemotePositions;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * The coordinator's side of a cluster ({@code serve --broker URL}): a {@code jms} Camel component on
 * the broker, through which each run sends its chunks to its workflow's work queue and reads its own
 * result queue ({@link JmsRemoteRun}).
 */
public final class JmsRemotePositions implements RemotePositions {

    static final String COMPONENT = "jms";

    private final CamelContext camel;
    private final ClusterSettings settings;
    private final CachingConnectionFactory sending;
    /** Where this coordinator answers workers' model requests: one queue per coordinator, so a worker asks the one whose run it works on. */
    private final String modelQueue;

    JmsRemotePositions(CamelContext camel, ClusterSettings settings, java.nio.file.Path models) throws Exception {
        this.camel = camel;
        this.settings = settings;
        this.modelQueue = Queues.MODELS_PREFIX + ClusterWorker.host().replaceAll("[^A-Za-z0-9.-]", "-") + "-" + ProcessHandle.current().pid();
        // one cached connection for sends (a plain factory would open a connection per message); it is
        // dropped and made again after the broker goes away (reconnectOnException)
        this.sending = new CachingConnectionFactory(settings.connectionFactory(true));
        sending.setReconnectOnException(true);
        JmsComponent jms = JmsComponent.jmsComponent(settings.connectionFactory(true));
        camel.addComponent(COMPONENT, jms);
        JmsComponent send = JmsComponent.jmsComponent(sending);
        camel.addComponent(JmsRemoteRun.SEND_COMPONENT, send);
        if (models != null) new ModelFiles(models).serve(camel, COMPONENT + ":queue:" + modelQueue);
    }

    @Override
    public Run start(Plan plan) throws Exception {
        return new JmsRemoteRun(camel, settings, new Plan(plan.runId(), plan.workflowId(), plan.workflowSha256(), plan.steps(), plan.scan(), modelQueue));
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    @Override
    public void close() {
        sending.destroy();
    }

    /** Found by {@code serve --broker} through ServiceLoader. */
    public static final class Factory implements RemotePositions.Factory {
        @Override
        public RemotePositions connect(CamelContext camel, String brokerUrl, Map<String, String> values, java.nio.file.Path models) throws Exception {
            java.util.Map<String, String> all = new java.util.LinkedHashMap<>(values);
            all.put("broker", brokerUrl);
            return new JmsRemotePositions(camel, ClusterSettings.fromMap(all), models);
        }
    }
}
