package org.braggflow.launcher.serve;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workflow schedules shared by several coordinators (docs/cluster.md, "Schedules"): when
 * {@code <home>/conf/cluster.properties} names a PostgreSQL database ({@code schedules.jdbc.url},
 * {@code .user}, {@code .password}), cron triggers run on Quartz's clustered JDBC job store there,
 * so each fire time fires on exactly one coordinator, and a coordinator that stops leaves its
 * triggers to the others. Quartz's tables are created on first use. Only workflow crons are shared:
 * the platform's own timers (the live-scan restart check) stay on each coordinator's local scheduler.
 */
public final class ClusteredSchedules {

    private static final Logger LOG = LoggerFactory.getLogger(ClusteredSchedules.class);
    /** The Camel component of shared crons; trigger routes use it when it is registered. */
    public static final String COMPONENT = "quartzcluster";
    /** Every coordinator must use the same scheduler name to share triggers. */
    static final String SCHEDULER = "braggflow-schedules";
    /** Serialises table creation between coordinators starting at once (a PostgreSQL advisory lock key). */
    private static final long CREATE_LOCK = 0x4272616767L;

    private ClusteredSchedules() {
    }

    /** Registers the clustered scheduler when the settings name a database; returns whether they do. */
    public static boolean install(CamelContext camel, Map<String, String> settings) throws SQLException, IOException {
        String url = settings.get("schedules.jdbc.url");
        if (url == null || url.isBlank()) return false;
        String user = settings.getOrDefault("schedules.jdbc.user", "");
        String password = settings.getOrDefault("schedules.jdbc.password", "");
        createTables(url, user, password);
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER);
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.threadPool.threadCount", "4");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", "braggflow");
        p.setProperty("org.quartz.jobStore.tablePrefix", "qrtz_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        // a fire time more than 5 s late counts as missed, and workflow crons do not replay missed fires
        // (misfireInstruction 2); Quartz's 60 s default would fire a burst after a restart
        p.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
        // job data as text properties, not Java-serialised blobs (Camel's job data is only names and URIs)
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        // how soon the others take over the triggers of a coordinator that died
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", settings.getOrDefault("schedules.checkin_ms", "5000"));
        p.setProperty("org.quartz.dataSource.braggflow.provider", "hikaricp");
        p.setProperty("org.quartz.dataSource.braggflow.driver", "org.postgresql.Driver");
        p.setProperty("org.quartz.dataSource.braggflow.URL", url);
        p.setProperty("org.quartz.dataSource.braggflow.user", user);
        p.setProperty("org.quartz.dataSource.braggflow.password", password);
        p.setProperty("org.quartz.dataSource.braggflow.maxConnections", "5");
        QuartzComponent quartz = new QuartzComponent();
        quartz.setProperties(p);
        quartz.setPrefixInstanceName(false);
        quartz.setEnableJmx(false);
        camel.addComponent(COMPONENT, quartz);
        // added to a running context, the component never hears the context start, so its scheduler is started here
        quartz.start();
        try {
            quartz.onCamelContextFullyStarted(camel, true);
        } catch (Exception e) {
            throw new IOException("the shared scheduler did not start: " + e.getMessage(), e);
        }
        LOG.info("workflow schedules shared through Quartz's clustered job store at {}", url.replaceAll("(?i)(password=)[^&]*", "$1***"));
        return true;
    }

    /** Creates Quartz's tables (its own PostgreSQL script) unless they exist. */
    private static void createTables(String url, String user, String password) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + CREATE_LOCK + ")");
            try {
                try (ResultSet r = s.executeQuery("SELECT to_regclass('qrtz_locks') IS NOT NULL")) {
                    r.next();
                    if (r.getBoolean(1)) return;
                }
                String script;
                try (InputStream in = org.quartz.impl.jdbcjobstore.JobStoreTX.class.getResourceAsStream("tables_postgres.sql")) {
                    if (in == null) throw new IOException("Quartz's tables_postgres.sql is missing from its jar");
                    script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                c.setAutoCommit(false);
                for (String statement : script.replaceAll("(?m)^\\s*--.*$", "").split(";")) {
                    if (statement.isBlank() || statement.strip().equalsIgnoreCase("commit")) continue;
                    s.execute(statement);
                }
                c.commit();
                c.setAutoCommit(true);
                LOG.info("created Quartz's tables in {}", url);
            } finally {
                s.execute("SELECT pg_advisory_unlock(" + CREATE_LOCK + ")");
            }
        }
    }
}
