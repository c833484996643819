package org.braggflow.cluster;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Questions to the broker's management address (request and reply over JMS, as Artemis's own tools ask):
 * which queues exist and how many messages each holds; and the workers' newest status messages.
 */
final class BrokerQueries implements AutoCloseable {

    private static final String MANAGEMENT = "activemq.management";
    private final Connection connection;
    private final Session session;

    BrokerQueries(ActiveMQConnectionFactory cf) throws JMSException {
        connection = cf.createConnection();
        try {
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            connection.start();
        } catch (JMSException e) {
            connection.close();
            throw e;
        }
    }

    /** Names of every queue the broker has. */
    List<String> queueNames() throws Exception {
        Object[] names = (Object[]) ask(ResourceNames.BROKER, "queueNames");
        List<String> out = new ArrayList<>();
        for (Object n : names) out.add(String.valueOf(n));
        return out;
    }

    /** Messages waiting in a queue (delivered but unacknowledged ones included). */
    long messageCount(String queue) throws Exception {
        return ((Number) ask(ResourceNames.QUEUE + queue, "messageCount")).longValue();
    }

    /** Consumers attached to a queue. */
    int consumerCount(String queue) throws Exception {
        return ((Number) ask(ResourceNames.QUEUE + queue, "consumerCount")).intValue();
    }

    /** Removes the messages of a queue that match a selector; returns how many. */
    long removeMessages(String queue, String selector) throws Exception {
        return ((Number) request(ResourceNames.QUEUE + queue, m -> JMSManagementHelper.putOperationInvocation(m, ResourceNames.QUEUE + queue,
                "removeMessages", selector))).longValue();
    }

    /** Deletes a queue and its messages, whoever still consumes it. */
    void destroyQueue(String queue) throws Exception {
        request(ResourceNames.BROKER, m -> JMSManagementHelper.putOperationInvocation(m, ResourceNames.BROKER, "destroyQueue", queue, true));
    }

    private interface Question {
        void put(Message m) throws JMSException;
    }

    private Object ask(String resource, String attribute) throws Exception {
        return request(resource, m -> JMSManagementHelper.putAttribute(m, resource, attribute));
    }

    private Object request(String resource, Question question) throws Exception {
        Queue management = session.createQueue(MANAGEMENT);
        TemporaryQueue reply = session.createTemporaryQueue();
        try (MessageProducer p = session.createProducer(management); MessageConsumer c = session.createConsumer(reply)) {
            Message m = session.createMessage();
            question.put(m);
            m.setJMSReplyTo(reply);
            p.send(m);
            Message answer = c.receive(10_000);
            if (answer == null) throw new JMSException("the broker did not answer a management request for " + resource);
            if (JMSManagementHelper.isOperationResult(answer) && !JMSManagementHelper.hasOperationSucceeded(answer)) {
                throw new JMSException("the broker refused a management request for " + resource + ": " + JMSManagementHelper.getResult(answer));
            }
            return JMSManagementHelper.getResult(answer);
        } finally {
            reply.delete();
        }
    }

    /** The newest status message of each worker (the body is the status JSON), by worker id. */
    Map<String, String> workerStatus() throws JMSException {
        Map<String, String> out = new LinkedHashMap<>();
        try (var browser = session.createBrowser(session.createQueue(Queues.WORKERS))) {
            Enumeration<?> e = browser.getEnumeration();
            while (e.hasMoreElements()) {
                Message m = (Message) e.nextElement();
                String id = m.getStringProperty(Queues.LAST_VALUE_KEY);
                if (id != null && m instanceof jakarta.jms.TextMessage t) out.put(id, t.getText());
            }
        }
        return out;
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
