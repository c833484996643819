package org.braggflow.cluster;

import java.nio.file.Path;
import java.util.Set;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;

/**
 * The Artemis server {@code braggflow broker} runs: a persistent NIO journal in one folder, one
 * acceptor, chunks dead-lettered to {@code DLQ} after {@code maxTries} deliveries, and the workers'
 * status address as a last-value queue. Security is on when a user is configured.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private final EmbeddedActiveMQ server;

    private EmbeddedBroker(EmbeddedActiveMQ server) {
        this.server = server;
    }

    /** The acceptor for a host and port; with a PKCS12 key store it accepts TLS connections only. */
    public static String acceptorUrl(String host, int port, Path keystore, String keystorePassword) {
        String url = "tcp://" + host + ":" + port;
        if (keystore == null) return url;
        return url + "?sslEnabled=true&keyStorePath=" + keystore.toAbsolutePath() + "&keyStorePassword=" + (keystorePassword == null ? "" : keystorePassword)
                + "&keyStoreType=PKCS12";
    }

    public static EmbeddedBroker start(Path journal, String acceptorUrl, int maxTries, String user, String password) throws Exception {
        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(configuration(journal, acceptorUrl, maxTries, user != null));
        if (user != null) server.setSecurityManager(new OneUser(user, password));
        server.start();
        // Artemis logs a failed bind and stays up, inactive, without a listener: a broker nobody can
        // reach must not look started (a restarted broker whose port was taken would leave every worker waiting)
        var acceptor = server.getActiveMQServer().getRemotingService().getAcceptor("braggflow");
        if (!server.getActiveMQServer().isActive() || acceptor == null || !acceptor.isStarted()) {
            server.stop();
            throw new java.io.IOException("cannot listen on " + acceptorUrl.replaceAll("(?i)(keyStorePassword=)[^&;]*", "$1***")
                    + ": the address is in use or not this machine's (Artemis's error is above)");
        }
        return new EmbeddedBroker(server);
    }

    private static Configuration configuration(Path journal, String acceptorUrl, int maxTries, boolean secure) throws Exception {
        Configuration c = new ConfigurationImpl();
        c.setName("braggflow");
        c.setPersistenceEnabled(true);
        // NIO: the journal works on any file system without the native AIO library
        c.setJournalType(JournalType.NIO);
        c.setJournalDirectory(journal.resolve("journal").toString());
        c.setBindingsDirectory(journal.resolve("bindings").toString());
        c.setPagingDirectory(journal.resolve("paging").toString());
        c.setLargeMessagesDirectory(journal.resolve("large-messages").toString());
        c.setSecurityEnabled(secure);
        c.setJMXManagementEnabled(false);
        c.addAcceptorConfiguration("braggflow", acceptorUrl);
        c.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(Queues.DEAD_LETTERS))
                .setExpiryAddress(SimpleString.of(Queues.EXPIRED))
                .setMaxDeliveryAttempts(maxTries)
                .setRedeliveryDelay(500)
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true));
        // a worker's status expires unread: nothing to keep
        c.addAddressSetting(Queues.WORKERS, new AddressSettings()
                .setDefaultLastValueQueue(true)
                .setExpiryAddress(SimpleString.of(""))
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true));
        c.addQueueConfiguration(QueueConfiguration.of(Queues.DEAD_LETTERS).setRoutingType(RoutingType.ANYCAST));
        c.addQueueConfiguration(QueueConfiguration.of(Queues.EXPIRED).setRoutingType(RoutingType.ANYCAST));
        c.addQueueConfiguration(QueueConfiguration.of(Queues.WORKERS).setRoutingType(RoutingType.ANYCAST).setLastValue(true));
        return c;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** The one user of {@code conf/cluster.properties}, allowed everything. */
    private record OneUser(String user, String password) implements ActiveMQSecurityManager {
        @Override
        public boolean validateUser(String u, String p) {
            return user.equals(u) && java.util.Objects.equals(password, p);
        }

        @Override
        public boolean validateUserAndRole(String u, String p, Set<Role> roles, CheckType checkType) {
            return validateUser(u, p);
        }
    }
}
