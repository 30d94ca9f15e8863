package io.butlermqtt.examples.bridge;

import io.butlermqtt.ActiveUserTracker;
import io.butlermqtt.ButlerMqttClient;
import io.butlermqtt.ClientStats;
import io.butlermqtt.EventServerSettings;
import io.butlermqtt.EventServerStartException;
import io.butlermqtt.EventServerStats;
import io.butlermqtt.InvalidSettingsException;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.QlikCloudEventClient;
import io.butlermqtt.QlikCloudEventContext;
import io.butlermqtt.QlikCloudSettings;
import io.butlermqtt.QlikCloudStats;
import io.butlermqtt.QrsClient;
import io.butlermqtt.QrsSettings;
import io.butlermqtt.QrsTaskStarter;
import io.butlermqtt.ReloadTaskEnricher;
import io.butlermqtt.SenseEventServer;
import io.butlermqtt.event.QlikCloudAppReloadFinished;
import io.butlermqtt.yaml.ButlerConfig;
import io.butlermqtt.yaml.ButlerYamlConfig;
import io.butlermqtt.yaml.ConfigException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Butler's MQTT job as a service: reads Butler's own YAML file and runs the MQTT client, the QRS task
 * starter on {@code taskStartTopic}, and the event server that turns Sense's log-appender datagrams into
 * Butler's MQTT messages (enriched through QRS), with Butler 5's active-user messages for user-audit
 * datagrams, and Butler 13's Qlik Cloud listener when its block is enabled (each failed app reload logged at
 * INFO, one line). Only wiring: every part is the library's.
 *
 * <pre>
 * java -jar butler-mqtt-bridge.jar --config /etc/butler/production.yaml
 * </pre>
 *
 * <p>Exit codes: 0 after {@code --help} / {@code --version}; 2 for bad arguments or a bad config file (every
 * problem listed, as {@link ConfigException} prints them); 1 when it cannot start (a port in use, a
 * certificate that cannot be used, ...), with a one-line reason. SIGTERM or Ctrl-C stops it in order (a
 * shutdown hook): stop receiving, finish the queue, flush the outbox (bounded waits), then one line says
 * what was left undelivered; the JVM then exits with 143 (SIGTERM) or 130 (Ctrl-C).
 */
public final class Bridge {

    static final String NAME = "butler-mqtt-bridge";
    static final int EXIT_CANNOT_START = 1;
    static final int EXIT_BAD_CONFIG = 2;

    private final ButlerConfig config;
    private final long startedNanos = System.nanoTime();
    private QrsClient qrs;
    private ButlerMqttClient mqtt;
    private SenseEventServer events;
    private QlikCloudEventClient cloud;

    private Bridge(ButlerConfig config) {
        this.config = config;
    }

    /** The logger, created after the logging configuration was chosen (see {@link #main}). */
    private static Logger log() {
        return LoggerFactory.getLogger(Bridge.class);
    }

    /**
     * Runs the bridge until the JVM is stopped.
     *
     * @param args {@code --config FILE}, {@code --help} or {@code --version}
     */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code >= 0) {
            System.exit(code);
        }
    }

    /**
     * Parses the arguments and starts; returns an exit code when it could not start, or runs until the JVM is
     * stopped (then -1: the JVM exits with the signal's code once the shutdown hook is done).
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    out.print(usage());
                    return 0;
                }
                case "--version", "-V" -> {
                    out.println(NAME + " " + version());
                    return 0;
                }
                case "--config", "-c" -> {
                    if (i + 1 >= args.length) {
                        err.println(NAME + ": --config needs a file: --config /path/to/butler.yaml");
                        return EXIT_BAD_CONFIG;
                    }
                    configFile = Path.of(args[++i]);
                }
                default -> {
                    err.println(NAME + ": unknown argument " + quote(args[i]) + "\n" + usage());
                    return EXIT_BAD_CONFIG;
                }
            }
        }
        if (configFile == null) {
            err.println(NAME + ": no config file given\n" + usage());
            return EXIT_BAD_CONFIG;
        }
        useOwnLoggingConfig();
        ButlerConfig config;
        try {
            config = ButlerYamlConfig.loadConfig(configFile);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return EXIT_BAD_CONFIG;
        }
        if (!config.mqtt().enabled()) {
            err.println("Invalid configuration in " + configFile + " (1 problem):\n  - Butler.mqttConfig.enable: is"
                    + " false, so the bridge has nowhere to publish; set it to true");
            return EXIT_BAD_CONFIG;
        }
        Bridge bridge = new Bridge(config);
        try {
            bridge.start(configFile);
        } catch (EventServerStartException | InvalidSettingsException | IllegalStateException e) {
            bridge.stop(false);
            err.println(NAME + ": cannot start: " + oneLine(e.getMessage()));
            return EXIT_CANNOT_START;
        } catch (RuntimeException e) {
            bridge.stop(false);
            err.println(NAME + ": cannot start: " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage()));
            return EXIT_CANNOT_START;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bridge.stop(true);
            stopped.countDown();
        }, "butler-mqtt-bridge-shutdown"));
        // the library's threads are daemon threads: this (non-daemon) thread keeps the JVM running until a
        // signal runs the hook
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    private void start(Path configFile) {
        Logger log = log();
        MqttSettings m = config.mqtt();
        Optional<QrsSettings> qrsSettings = config.qrs();
        if (qrsSettings.isPresent()) {
            qrs = QrsClient.create(qrsSettings.get());
        }
        mqtt = qrs != null ? ButlerMqttClient.start(m, QrsTaskStarter.of(qrs)) : ButlerMqttClient.start(m);
        log.info("MQTT: publishing to {}://{}:{} as client ID {} ({}, QoS {}); {}",
                m.tls().enabled() ? "mqtts" : "mqtt", m.brokerHost(), m.brokerPort(), mqtt.clientId(),
                m.connection().mqttVersion().toString().replace("MQTT_", "MQTT ").replace('_', '.'), m.delivery().qos(),
                qrs != null ? "task IDs on " + m.taskStartTopic() + " start tasks through QRS"
                        : "no task start (QRS not configured), " + m.taskStartTopic() + " not subscribed");
        if (qrs != null) {
            QrsSettings q = qrsSettings.get();
            log.info("QRS: https://{}:{}, enriching failed and aborted reloads ({}) and starting tasks", q.host(),
                    q.port(), q.cacheTtl().isZero() || q.cacheSize() == 0 ? "records not cached"
                            : "records cached " + q.cacheTtl().toMillis() / 1000.0 + " s");
        } else {
            log.info("QRS: not configured (Butler.configQRS and Butler.cert): failed and aborted reloads are published"
                    + " with empty qs_* parts, and task starts are not available");
        }
        EventServerSettings es = config.eventServer();
        if (es.enabled()) {
            ReloadTaskEnricher enricher = qrs != null ? ReloadTaskEnricher.withQrs(qrs) : ReloadTaskEnricher.withoutQrs();
            events = SenseEventServer.start(es, enricher, mqtt.publisher(), new ActiveUserTracker(m));
            String audit = events.userAuditAddress().map(a -> "; user audit events on udp://" + hostPort(a)
                    + " (sessions and connections, with Butler 5's active users on " + m.activeUserCountTopic() + ", "
                    + m.activeUsersTopic() + " and " + ActiveUserTracker.PER_SERVER_TOPIC_PREFIX + "<server>/count)")
                    .orElse("");
            log.info("Event server: task events on udp://{} ({}){}", events.taskEventAddress().map(Bridge::hostPort)
                    .orElse("?"), qrs != null ? "enriched through QRS" : "without QRS enrichment", audit);
        } else {
            log.info("Event server: off (Butler.udpServerConfig.enable is false): no datagrams are received");
        }
        QlikCloudSettings cs = config.qlikCloud();
        if (cs.enabled()) {
            cloud = QlikCloudEventClient.start(cs, Bridge::logCloudEvent);
            log.info("Qlik Cloud: events from {}://{}:{} on {} for tenant {}, each failed app reload logged here",
                    cs.tls().enabled() ? "mqtts" : "mqtt", cs.brokerHost(), cs.brokerPort(), cs.appReloadTopic(),
                    cs.tenantId());
        } else {
            log.info("Qlik Cloud: off (Butler.mqttConfig.qlikSenseCloud.event.mqttForward.enable is false)");
        }
        log.info("{} {} running with {}; stop with SIGTERM (systemctl stop) or Ctrl-C", NAME, version(), configFile);
    }

    /**
     * Stops in order: the event server (stop receiving, finish the queue within its closeTimeout), the MQTT
     * client (flush the outbox within outbox.closeTimeout), the QRS client; then says what was left.
     */
    private void stop(boolean summary) {
        Logger log = log();
        if (summary) {
            log.info("Stopping: no longer receiving datagrams; finishing the queue, then flushing the outbox");
        }
        if (cloud != null) {
            cloud.close();
        }
        if (events != null) {
            events.close();
        }
        if (mqtt != null) {
            mqtt.close();
        }
        if (qrs != null) {
            qrs.close();
        }
        if (!summary) {
            return;
        }
        EventServerStats s = events != null ? events.stats() : null;
        ClientStats c = mqtt != null ? mqtt.stats() : null;
        long abandoned = s == null ? 0 : s.abandonedAtClose();
        long publishFailed = s == null ? 0 : s.publishFailed() + s.publishPending();
        long notSent = c == null ? 0 : c.closedUndelivered();
        long kernel = s == null ? 0 : Math.max(0, s.kernelDropped());
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "Stopped after %.0f s: ",
                (System.nanoTime() - startedNanos) / 1e9));
        if (s != null) {
            line.append(String.format(Locale.ROOT, "datagrams received %d (processed %d, ignored %d, dropped %d%s)",
                    s.received(), s.processed(), s.ignored(), s.dropped(), dropReasons(s)));
            if (kernel > 0) {
                line.append(", ").append(kernel).append(" more dropped by the operating system before they could be read");
            }
            line.append("; event server publishes ").append(s.published()).append("; ");
        }
        if (c != null) {
            line.append("MQTT messages published ").append(c.published()).append("; ");
        }
        if (cloud != null) {
            QlikCloudStats q = cloud.stats();
            line.append("Qlik Cloud events received ").append(q.received()).append(", logged ").append(q.delivered())
                    .append("; ");
        }
        if (abandoned + publishFailed + notSent == 0) {
            line.append("nothing left undelivered");
        } else {
            line.append(String.format(Locale.ROOT, "left undelivered: %d datagrams still queued at close, %d events"
                    + " whose publish failed, %d MQTT messages still in the outbox at close", abandoned, publishFailed,
                    notSent));
        }
        if (abandoned + publishFailed + notSent + kernel + (s == null ? 0 : s.dropped()) == 0) {
            log.info("{}", line);
        } else {
            log.warn("{}", line);
        }
    }

    private static String dropReasons(EventServerStats s) {
        StringBuilder b = new StringBuilder();
        long[] counts = {s.invalid(), s.oversize(), s.sourceRejected(), s.rateLimited(), s.queueFull(), s.duplicates(),
            s.enrichmentFailed(), s.processingErrors(), s.abandonedAtClose()};
        String[] names = {"invalid", "oversize", "sourceRejected", "rateLimited", "queueFull", "duplicates",
            "enrichmentFailed", "processingErrors", "abandonedAtClose"};
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                b.append(b.length() == 0 ? ": " : ", ").append(names[i]).append(' ').append(counts[i]);
            }
        }
        return b.toString();
    }

    /** One INFO line per Qlik Cloud app reload (Butler sends its Teams / Slack / e-mail alert here). */
    private static void logCloudEvent(QlikCloudEventContext ctx) {
        QlikCloudAppReloadFinished e = ctx.event();
        QlikCloudAppReloadFinished.ReloadData d = e.data();
        log().info("Qlik Cloud: reload of app {} ({}) {}{}, tenant {}, reload {}, {} error(s){}",
                e.appName().map(n -> "\"" + n + "\"").orElse("?"), e.appId().orElse("?"), d.status(),
                e.eventTime().map(t -> " at " + t).orElse(""), e.extensions().tenantId(), d.reloadId().orElse("?"),
                d.errors().size(), d.duration().map(x -> ", took " + x.toMillis() / 1000.0 + " s").orElse(""));
    }

    // --- helpers --------------------------------------------------------------------------------------------

    /** The bridge's own logback configuration, unless one was chosen with -Dlogback.configurationFile. */
    private static void useOwnLoggingConfig() {
        if (System.getProperty("logback.configurationFile") == null
                && Bridge.class.getClassLoader().getResource("butler-mqtt-bridge-logback.xml") != null) {
            System.setProperty("logback.configurationFile", "butler-mqtt-bridge-logback.xml");
        }
    }

    static String version() {
        String v = Bridge.class.getPackage().getImplementationVersion();
        return v != null ? v : "(development build)";
    }

    static String usage() {
        return """
                Usage: java -jar butler-mqtt-bridge.jar --config <butler.yaml>
                       java -jar butler-mqtt-bridge.jar --help | --version

                Does Butler's MQTT job from Butler's own config file: publishes Sense's failed and aborted reloads
                (log-appender datagrams on Butler.udpServerConfig's ports, enriched through QRS) and Butler 5's
                user sessions and active users to MQTT in Butler's wire format, and starts Sense tasks when a
                task ID arrives on taskStartTopic (Butler.configQRS and Butler.cert).

                Options:
                  --config, -c <file>  Butler's YAML config file (every key of Butler's template is accepted;
                                       butler-mqtt's own settings go in Butler.butlerMqtt)
                  --help, -h           this text
                  --version, -V        the version

                Exit codes: 2 bad arguments or config (every problem listed), 1 cannot start (port in use,
                certificate unusable, ...). Stop with SIGTERM (systemctl stop) or Ctrl-C: it stops receiving,
                finishes the queue, flushes the outbox and says what was left undelivered.
                Logging: -Dbutler.log.level=DEBUG|INFO|WARN, or -Dlogback.configurationFile=<file>.
                """;
    }

    private static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    private static String quote(String s) {
        return "\"" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "\"";
    }
}
