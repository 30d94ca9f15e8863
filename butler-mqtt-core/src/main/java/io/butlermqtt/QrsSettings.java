package io.butlermqtt;

import io.butlermqtt.InvalidSettingsException.Problem;
import io.butlermqtt.event.CustomProperty;
import io.butlermqtt.internal.Texts;
import io.butlermqtt.internal.settings.SettingsProblems;
import io.butlermqtt.internal.tls.TlsConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * How to reach the Qlik Repository Service (QRS) and how to behave when it misbehaves: Butler's
 * {@code Butler.configQRS} and {@code Butler.cert} keys, Butler's {@code Butler.startTaskFilter}, and the
 * extensions Butler lacks (timeouts, retries, cache, limits, hostname verification). Used by
 * {@link QrsClient#create(QrsSettings)}.
 *
 * <p>Immutable and thread-safe. Start from {@link #builder()} (Butler's template values where they are
 * not placeholders, safe values elsewhere) or {@link #toBuilder()}; {@link Builder#build()} checks every
 * value and throws one {@link InvalidSettingsException} listing every problem. A problem names the setting
 * by Butler's key path ({@code configQRS.host}, {@code cert.clientCert}, {@code startTaskFilter.allowTask.tag})
 * or, for the extensions, {@code qrs.<name>} ({@code qrs.retryBudget}), which is where the YAML loader
 * reads them ({@code Butler.butlerMqtt.qrs.retryBudget}).
 *
 * <p>Two defaults differ from Butler's template on purpose: {@link #rejectUnauthorized()} is {@code true}
 * (the template ships {@code false}, which turns off every check of the server's certificate), and
 * {@link #hostnameVerification()} is on.
 *
 * <p>{@link #toString()} never shows the key password, nor the value of a header other than
 * {@code X-Qlik-User}.
 */
public final class QrsSettings {

    /** Default QRS port: {@value}. */
    public static final int DEFAULT_PORT = 4242;

    /** The header that says which Sense user QRS calls run as: {@value}. Required. */
    public static final String X_QLIK_USER = "X-Qlik-User";

    /** Butler's template value of {@value #X_QLIK_USER}: {@value}. */
    public static final String DEFAULT_X_QLIK_USER = "UserDirectory=Internal;UserId=sa_repository";

    /** Default time to establish a connection (TCP and TLS): 10 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Default time one request may take, until the whole response has arrived: 10 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** Default time a lookup keeps retrying a QRS that is unreachable, slow or failing: 30 s. */
    public static final Duration DEFAULT_RETRY_BUDGET = Duration.ofSeconds(30);

    /** Default first delay between retries (doubling, with jitter): 500 ms. */
    public static final Duration DEFAULT_RETRY_INITIAL_DELAY = Duration.ofMillis(500);

    /** Default longest delay between retries: 5 s. */
    public static final Duration DEFAULT_RETRY_MAX_DELAY = Duration.ofSeconds(5);

    /** Default number of task records and of app records kept in the cache: {@value}. */
    public static final int DEFAULT_CACHE_SIZE = 1000;

    /** Default time a cached record is used: 10 s (the datagrams of one failure share one lookup). */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(10);

    /** Default largest accepted response body, in bytes: {@value} (16 MiB). */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L * 1024 * 1024;

    /** Default deepest accepted nesting of a JSON response: {@value}. */
    public static final int DEFAULT_MAX_JSON_DEPTH = 32;

    /** Largest accepted value of {@code maxResponseBytes}: {@value} (1 GiB). */
    public static final long MAX_RESPONSE_BYTES_LIMIT = 1024L * 1024 * 1024;

    private static final Set<String> SET_BY_HTTP_CLIENT = Set.of("connection", "content-length", "expect", "host",
            "upgrade");
    private static final Set<String> SET_PER_REQUEST = Set.of("x-qlik-xrfkey", "content-type");

    private final String host;
    private final int port;
    private final List<Header> headers;
    private final boolean rejectUnauthorized;
    private final Path clientCertFile;
    private final Path clientKeyFile;
    private final Optional<Path> caFile;
    private final Optional<String> clientKeyPassword;
    private final boolean hostnameVerification;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration retryBudget;
    private final Duration retryInitialDelay;
    private final Duration retryMaxDelay;
    private final int cacheSize;
    private final Duration cacheTtl;
    private final long maxResponseBytes;
    private final int maxJsonDepth;
    private final TaskStartAllowList taskStartAllowList;

    private QrsSettings(Builder b) {
        host = b.host;
        port = b.port;
        headers = List.copyOf(b.headers);
        rejectUnauthorized = b.rejectUnauthorized;
        clientCertFile = b.clientCertFile;
        clientKeyFile = b.clientKeyFile;
        caFile = b.caFile;
        clientKeyPassword = b.clientKeyPassword;
        hostnameVerification = b.hostnameVerification;
        connectTimeout = b.connectTimeout;
        requestTimeout = b.requestTimeout;
        retryBudget = b.retryBudget;
        retryInitialDelay = b.retryInitialDelay;
        retryMaxDelay = b.retryMaxDelay;
        cacheSize = b.cacheSize;
        cacheTtl = b.cacheTtl;
        maxResponseBytes = b.maxResponseBytes;
        maxJsonDepth = b.maxJsonDepth;
        taskStartAllowList = b.taskStartAllowList;
    }

    /**
     * A builder with the defaults: port {@value #DEFAULT_PORT}, header {@code X-Qlik-User:}
     * {@value #DEFAULT_X_QLIK_USER}, {@code rejectUnauthorized} and hostname verification on, and the
     * {@code DEFAULT_*} constants. {@code host}, {@code clientCertFile} and {@code clientKeyFile} must be set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.headers = new ArrayList<>(headers);
        b.rejectUnauthorized = rejectUnauthorized;
        b.clientCertFile = clientCertFile;
        b.clientKeyFile = clientKeyFile;
        b.caFile = caFile;
        b.clientKeyPassword = clientKeyPassword;
        b.hostnameVerification = hostnameVerification;
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.retryBudget = retryBudget;
        b.retryInitialDelay = retryInitialDelay;
        b.retryMaxDelay = retryMaxDelay;
        b.cacheSize = cacheSize;
        b.cacheTtl = cacheTtl;
        b.maxResponseBytes = maxResponseBytes;
        b.maxJsonDepth = maxJsonDepth;
        b.taskStartAllowList = taskStartAllowList;
        return b;
    }

    /**
     * The QRS host ({@code configQRS.host}).
     *
     * @return a host name or IP address
     */
    public String host() {
        return host;
    }

    /**
     * The QRS port ({@code configQRS.port}).
     *
     * @return 1..65535, default {@value #DEFAULT_PORT}
     */
    public int port() {
        return port;
    }

    /**
     * The headers sent with every request, in order ({@code configQRS.headers.static}); always holds
     * {@code X-Qlik-User}. {@code X-Qlik-Xrfkey} and {@code Content-Type} are added per request.
     *
     * @return an immutable list
     */
    public List<Header> headers() {
        return headers;
    }

    /**
     * Whether the server's certificate is checked ({@code configQRS.rejectUnauthorized}): against
     * {@link #caFile()} (or the JVM's trust store when absent) and, with {@link #hostnameVerification()},
     * its host name. {@code false} turns every check off, as Node's option of that name does, and logs a
     * WARN when the client is created.
     *
     * @return default {@code true}
     */
    public boolean rejectUnauthorized() {
        return rejectUnauthorized;
    }

    /**
     * The client certificate (chain) PEM file, as the QMC exports it ({@code cert.clientCert},
     * {@code client.pem}).
     *
     * @return the file
     */
    public Path clientCertFile() {
        return clientCertFile;
    }

    /**
     * The client's private key PEM file ({@code cert.clientCertKey}, {@code client_key.pem}): PKCS#1 as the
     * QMC exports it, or PKCS#8, encrypted PKCS#8 or SEC1 EC.
     *
     * @return the file
     */
    public Path clientKeyFile() {
        return clientKeyFile;
    }

    /**
     * The CA PEM file the server's certificate is checked against ({@code cert.clientCertCA},
     * {@code root.pem}); only read when {@link #rejectUnauthorized()} is on.
     *
     * @return the file; empty means the JVM's default trust store
     */
    public Optional<Path> caFile() {
        return caFile;
    }

    /**
     * The password of an encrypted PKCS#8 key ({@code qrs.clientKeyPassword}); a secret.
     *
     * @return the password, or empty
     */
    public Optional<String> clientKeyPassword() {
        return clientKeyPassword;
    }

    /**
     * Whether the server's certificate must name the host dialled ({@code qrs.hostnameVerification}).
     * Sense's QRS certificate is issued for the server's name, so dial that name, not an IP address.
     *
     * @return default {@code true}; switching it off logs a WARN when the client is created
     */
    public boolean hostnameVerification() {
        return hostnameVerification;
    }

    /**
     * The longest time to establish a connection, TCP and TLS ({@code qrs.connectTimeout}).
     *
     * @return default {@link #DEFAULT_CONNECT_TIMEOUT}
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * The longest time one request may take until the whole response has arrived ({@code qrs.requestTimeout}).
     *
     * @return default {@link #DEFAULT_REQUEST_TIMEOUT}
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * How long a lookup retries a QRS that is unreachable, slow, answers 5xx or garbage ({@code qrs.retryBudget}),
     * counted from the lookup's start; no retry starts after it, so a lookup ends within the budget plus one
     * request. {@code 0} means one attempt per request. Task starts are never retried.
     *
     * @return default {@link #DEFAULT_RETRY_BUDGET}
     */
    public Duration retryBudget() {
        return retryBudget;
    }

    /**
     * The first delay between retries ({@code qrs.retryInitialDelay}); it doubles up to
     * {@link #retryMaxDelay()}, each delay drawn at random between half and all of it.
     *
     * @return default {@link #DEFAULT_RETRY_INITIAL_DELAY}
     */
    public Duration retryInitialDelay() {
        return retryInitialDelay;
    }

    /**
     * The longest delay between retries ({@code qrs.retryMaxDelay}).
     *
     * @return default {@link #DEFAULT_RETRY_MAX_DELAY}
     */
    public Duration retryMaxDelay() {
        return retryMaxDelay;
    }

    /**
     * How many task records, and how many app records, the cache keeps ({@code qrs.cacheSize}); the least
     * recently used go first. {@code 0} turns the cache off.
     *
     * @return default {@value #DEFAULT_CACHE_SIZE}
     */
    public int cacheSize() {
        return cacheSize;
    }

    /**
     * How long a cached record is used ({@code qrs.cacheTtl}). A task record holds the task's last
     * execution ({@code operational.lastExecutionResult}), so a long TTL publishes an older state than
     * Butler, which asks QRS for every event. {@code 0} turns the cache off (lookups running at the same
     * time for the same task still share one request).
     *
     * @return default {@link #DEFAULT_CACHE_TTL}
     */
    public Duration cacheTtl() {
        return cacheTtl;
    }

    /**
     * The largest response body accepted ({@code qrs.maxResponseBytes}); a larger one is refused, not retried.
     *
     * @return bytes, default {@value #DEFAULT_MAX_RESPONSE_BYTES}
     */
    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    /**
     * The deepest nesting of a JSON response accepted ({@code qrs.maxJsonDepth}; the response's array is
     * depth 1, a record depth 2); a deeper one is refused, not retried.
     *
     * @return 2..64, default {@value #DEFAULT_MAX_JSON_DEPTH}
     */
    public int maxJsonDepth() {
        return maxJsonDepth;
    }

    /**
     * Which tasks may be started ({@code startTaskFilter}); off by default: any task can be started by
     * anyone who can publish on the start-task topic.
     *
     * @return the allow-list
     */
    public TaskStartAllowList taskStartAllowList() {
        return taskStartAllowList;
    }

    /**
     * Reads and checks every file {@link QrsClient#create(QrsSettings)} would read: the client certificate
     * and key, and the CA file when {@link #rejectUnauthorized()} is on. Every problem is reported at once,
     * each naming the setting, the file and the reason. {@code create} makes the same checks; the YAML
     * loader calls this so that each problem comes with the key and line of the file.
     *
     * @throws InvalidSettingsException listing every file that is missing, unreadable, not PEM, an
     *     unsupported or undecryptable key, or a key that does not belong to its certificate
     */
    public void checkFiles() {
        List<Problem> problems = TlsConfigFactory.check(tlsSource());
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException("QRS", problems, null);
        }
    }

    /** The TLS files these settings name, with the settings keys for messages. Not API. */
    TlsConfigFactory.Source tlsSource() {
        return new TlsConfigFactory.Source("cert.clientCert", "cert.clientCertKey", "cert.clientCertCA",
                "qrs.clientKeyPassword", rejectUnauthorized ? caFile : Optional.empty(), Optional.of(clientCertFile),
                Optional.of(clientKeyFile), clientKeyPassword, hostnameVerification);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof QrsSettings)) {
            return false;
        }
        QrsSettings s = (QrsSettings) o;
        return port == s.port && rejectUnauthorized == s.rejectUnauthorized
                && hostnameVerification == s.hostnameVerification && cacheSize == s.cacheSize
                && maxResponseBytes == s.maxResponseBytes && maxJsonDepth == s.maxJsonDepth
                && host.equals(s.host) && headers.equals(s.headers) && clientCertFile.equals(s.clientCertFile)
                && clientKeyFile.equals(s.clientKeyFile) && caFile.equals(s.caFile)
                && clientKeyPassword.equals(s.clientKeyPassword) && connectTimeout.equals(s.connectTimeout)
                && requestTimeout.equals(s.requestTimeout) && retryBudget.equals(s.retryBudget)
                && retryInitialDelay.equals(s.retryInitialDelay) && retryMaxDelay.equals(s.retryMaxDelay)
                && cacheTtl.equals(s.cacheTtl) && taskStartAllowList.equals(s.taskStartAllowList);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, headers, rejectUnauthorized, clientCertFile, clientKeyFile, caFile,
                clientKeyPassword, hostnameVerification, connectTimeout, requestTimeout, retryBudget,
                retryInitialDelay, retryMaxDelay, cacheSize, cacheTtl, maxResponseBytes, maxJsonDepth,
                taskStartAllowList);
    }

    /** Shows every setting except secrets: the key password and header values other than X-Qlik-User. */
    @Override
    public String toString() {
        return "QrsSettings{host=" + host + ", port=" + port + ", headers=" + headers
                + ", rejectUnauthorized=" + rejectUnauthorized + ", clientCertFile=" + clientCertFile
                + ", clientKeyFile=" + clientKeyFile + ", caFile=" + caFile.map(Path::toString).orElse("JVM trust store")
                + ", clientKeyPassword=" + (clientKeyPassword.isPresent() ? "****" : "none")
                + ", hostnameVerification=" + hostnameVerification + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + ", retryBudget=" + retryBudget
                + ", retryDelay=" + retryInitialDelay + ".." + retryMaxDelay + ", cacheSize=" + cacheSize
                + ", cacheTtl=" + cacheTtl + ", maxResponseBytes=" + maxResponseBytes
                + ", maxJsonDepth=" + maxJsonDepth + ", " + taskStartAllowList + '}';
    }

    /**
     * One HTTP header sent with every request ({@code configQRS.headers.static[]}: {@code name},
     * {@code value}).
     *
     * @param name the header name, e.g. {@code X-Qlik-User}
     * @param value the value; shown by {@link #toString()} only for {@code X-Qlik-User}
     */
    public record Header(String name, String value) {

        /**
         * Checks for nulls; the rest is checked by {@link Builder#build()}.
         *
         * @param name the header name
         * @param value the value
         * @throws NullPointerException naming the null component
         */
        public Header {
            Objects.requireNonNull(name, "Header.name");
            Objects.requireNonNull(value, "Header.value");
        }

        /** Shows the name, and the value only for {@code X-Qlik-User} (another header may carry a secret). */
        @Override
        public String toString() {
            return name + "=" + (name.equalsIgnoreCase(X_QLIK_USER) ? value : "****");
        }
    }

    /**
     * Which tasks may be started through {@link QrsClient#startTask(UUID)} (Butler's
     * {@code startTaskFilter}). When enabled, a task may be started when its ID is listed, or when it
     * carries one of the tags, or one of the custom property values (name and value); the three lists add
     * up, as in Butler. Enabled with all three lists empty, no task may be started.
     *
     * @param enabled whether the list is checked ({@code startTaskFilter.enable}); default {@code false}
     * @param taskIds task IDs that may be started ({@code startTaskFilter.allowTask.taskId})
     * @param tags tag names; a task carrying one may be started ({@code startTaskFilter.allowTask.tag})
     * @param customProperties custom property values; a task carrying one (same name and value) may be
     *     started ({@code startTaskFilter.allowTask.customProperty})
     */
    public record TaskStartAllowList(boolean enabled, List<UUID> taskIds, List<String> tags,
            List<CustomProperty> customProperties) {

        /** Off: every task may be started (Butler's MQTT start-task behaviour). */
        public static final TaskStartAllowList DISABLED = new TaskStartAllowList(false, List.of(), List.of(), List.of());

        /**
         * Copies the lists.
         *
         * @param enabled whether the list is checked
         * @param taskIds task IDs that may be started (copied)
         * @param tags tag names that allow a start (copied)
         * @param customProperties custom property values that allow a start (copied)
         * @throws NullPointerException if a list or an element is null
         */
        public TaskStartAllowList {
            taskIds = List.copyOf(Objects.requireNonNull(taskIds, "taskIds"));
            tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
            customProperties = List.copyOf(Objects.requireNonNull(customProperties, "customProperties"));
        }

        /**
         * An enabled list of task IDs only.
         *
         * @param taskIds the task IDs that may be started
         * @return the allow-list
         */
        public static TaskStartAllowList ofTaskIds(UUID... taskIds) {
            return new TaskStartAllowList(true, List.of(taskIds), List.of(), List.of());
        }

        /**
         * Whether a task may be started: the list is off, or the ID is listed, or the task carries an
         * allowed tag or custom property value.
         *
         * @param taskId the task
         * @param taskTags the task's tag names (from its QRS record)
         * @param taskCustomProperties the task's custom properties (from its QRS record)
         * @return true when allowed
         * @throws NullPointerException if an argument is null
         */
        public boolean allows(UUID taskId, List<String> taskTags, List<CustomProperty> taskCustomProperties) {
            if (!enabled || taskIds.contains(taskId)) {
                return true;
            }
            for (String tag : taskTags) {
                if (tags.contains(tag)) {
                    return true;
                }
            }
            for (CustomProperty cp : taskCustomProperties) {
                if (customProperties.contains(cp)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Collects QRS settings; {@link #build()} checks them all at once. Not thread-safe.
     */
    public static final class Builder {

        private String host;
        private int port = DEFAULT_PORT;
        private List<Header> headers = new ArrayList<>(List.of(new Header(X_QLIK_USER, DEFAULT_X_QLIK_USER)));
        private boolean rejectUnauthorized = true;
        private Path clientCertFile;
        private Path clientKeyFile;
        private Optional<Path> caFile = Optional.empty();
        private Optional<String> clientKeyPassword = Optional.empty();
        private boolean hostnameVerification = true;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration retryBudget = DEFAULT_RETRY_BUDGET;
        private Duration retryInitialDelay = DEFAULT_RETRY_INITIAL_DELAY;
        private Duration retryMaxDelay = DEFAULT_RETRY_MAX_DELAY;
        private int cacheSize = DEFAULT_CACHE_SIZE;
        private Duration cacheTtl = DEFAULT_CACHE_TTL;
        private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private int maxJsonDepth = DEFAULT_MAX_JSON_DEPTH;
        private TaskStartAllowList taskStartAllowList = TaskStartAllowList.DISABLED;

        private Builder() {
        }

        private static <T> T nn(T value, String name) {
            return SettingsProblems.notNull(value, name);
        }

        /**
         * Sets the QRS host ({@code configQRS.host}); required.
         *
         * @param v a host name or IP address
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder host(String v) {
            host = nn(v, "host");
            return this;
        }

        /**
         * Sets the QRS port ({@code configQRS.port}).
         *
         * @param v 1..65535
         * @return this builder
         */
        public Builder port(int v) {
            port = v;
            return this;
        }

        /**
         * Replaces every header ({@code configQRS.headers.static}); must hold {@code X-Qlik-User}.
         *
         * @param v the headers, in the order they are sent
         * @return this builder
         * @throws NullPointerException if {@code v} or an element is null
         */
        public Builder headers(List<Header> v) {
            headers = new ArrayList<>(List.copyOf(nn(v, "headers")));
            return this;
        }

        /**
         * Sets one header: replaces the header of that name (compared ignoring case), or adds it at the end.
         *
         * @param name the header name, e.g. {@code X-Qlik-User}
         * @param value its value
         * @return this builder
         * @throws NullPointerException if an argument is null
         */
        public Builder header(String name, String value) {
            Header h = new Header(nn(name, "header name"), nn(value, "header value"));
            for (int i = 0; i < headers.size(); i++) {
                if (headers.get(i).name().equalsIgnoreCase(name)) {
                    headers.set(i, h);
                    return this;
                }
            }
            headers.add(h);
            return this;
        }

        /**
         * Sets whether the server's certificate is checked ({@code configQRS.rejectUnauthorized}).
         *
         * @param v {@code false} checks nothing (logs a WARN at start)
         * @return this builder
         */
        public Builder rejectUnauthorized(boolean v) {
            rejectUnauthorized = v;
            return this;
        }

        /**
         * Sets the client certificate PEM file ({@code cert.clientCert}); required.
         *
         * @param v the file
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder clientCertFile(Path v) {
            clientCertFile = nn(v, "clientCertFile");
            return this;
        }

        /**
         * Sets the client key PEM file ({@code cert.clientCertKey}); required.
         *
         * @param v the file
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder clientKeyFile(Path v) {
            clientKeyFile = nn(v, "clientKeyFile");
            return this;
        }

        /**
         * Sets the CA PEM file ({@code cert.clientCertCA}).
         *
         * @param v the file, or null for the JVM's default trust store
         * @return this builder
         */
        public Builder caFile(Path v) {
            caFile = Optional.ofNullable(v);
            return this;
        }

        /**
         * Sets the password of an encrypted PKCS#8 key ({@code qrs.clientKeyPassword}).
         *
         * @param v the password, or null for none
         * @return this builder
         */
        public Builder clientKeyPassword(String v) {
            clientKeyPassword = Optional.ofNullable(v);
            return this;
        }

        /**
         * Sets whether the server's certificate must name the host dialled ({@code qrs.hostnameVerification}).
         *
         * @param v {@code false} logs a WARN at start
         * @return this builder
         */
        public Builder hostnameVerification(boolean v) {
            hostnameVerification = v;
            return this;
        }

        /**
         * Sets the connect timeout ({@code qrs.connectTimeout}).
         *
         * @param v 100 ms..10 min
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder connectTimeout(Duration v) {
            connectTimeout = nn(v, "connectTimeout");
            return this;
        }

        /**
         * Sets the request timeout ({@code qrs.requestTimeout}).
         *
         * @param v 100 ms..1 h
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder requestTimeout(Duration v) {
            requestTimeout = nn(v, "requestTimeout");
            return this;
        }

        /**
         * Sets how long a lookup retries ({@code qrs.retryBudget}).
         *
         * @param v 0..1 h
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder retryBudget(Duration v) {
            retryBudget = nn(v, "retryBudget");
            return this;
        }

        /**
         * Sets the delays between retries ({@code qrs.retryInitialDelay}, {@code qrs.retryMaxDelay}).
         *
         * @param initial the first delay, 10 ms..1 min
         * @param max the longest delay, at least {@code initial}, at most 10 min
         * @return this builder
         * @throws NullPointerException if an argument is null
         */
        public Builder retryDelay(Duration initial, Duration max) {
            retryInitialDelay = nn(initial, "retryInitialDelay");
            retryMaxDelay = nn(max, "retryMaxDelay");
            return this;
        }

        /**
         * Sets the cache size ({@code qrs.cacheSize}).
         *
         * @param v 0..1,000,000 records of each kind; 0 turns the cache off
         * @return this builder
         */
        public Builder cacheSize(int v) {
            cacheSize = v;
            return this;
        }

        /**
         * Sets how long cached records are used ({@code qrs.cacheTtl}).
         *
         * @param v 0..24 h; 0 turns the cache off
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder cacheTtl(Duration v) {
            cacheTtl = nn(v, "cacheTtl");
            return this;
        }

        /**
         * Sets the largest accepted response ({@code qrs.maxResponseBytes}).
         *
         * @param v 1 KiB..{@value QrsSettings#MAX_RESPONSE_BYTES_LIMIT} bytes
         * @return this builder
         */
        public Builder maxResponseBytes(long v) {
            maxResponseBytes = v;
            return this;
        }

        /**
         * Sets the deepest accepted JSON nesting ({@code qrs.maxJsonDepth}).
         *
         * @param v 2..64
         * @return this builder
         */
        public Builder maxJsonDepth(int v) {
            maxJsonDepth = v;
            return this;
        }

        /**
         * Sets which tasks may be started ({@code startTaskFilter}).
         *
         * @param v the allow-list, or {@link TaskStartAllowList#DISABLED}
         * @return this builder
         * @throws NullPointerException if {@code v} is null
         */
        public Builder taskStartAllowList(TaskStartAllowList v) {
            taskStartAllowList = nn(v, "taskStartAllowList");
            return this;
        }

        /**
         * Checks every setting and builds the immutable settings. Files are not read here: see
         * {@link QrsSettings#checkFiles()}.
         *
         * @return the settings
         * @throws InvalidSettingsException listing every invalid setting
         */
        public QrsSettings build() {
            SettingsProblems p = new SettingsProblems();
            validateHost(p);
            if (port < 1 || port > 65_535) {
                p.add("configQRS.port", "must be 1..65535, but was " + port);
            }
            validateHeaders(p);
            if (clientCertFile == null) {
                p.add("cert.clientCert", "must be set: QRS authenticates the caller by the client "
                        + "certificate exported from the QMC (client.pem)");
            }
            if (clientKeyFile == null) {
                p.add("cert.clientCertKey", "must be set: the private key of the client certificate "
                        + "(client_key.pem)");
            }
            p.duration("qrs.connectTimeout", connectTimeout, Duration.ofMillis(100), Duration.ofMinutes(10));
            p.duration("qrs.requestTimeout", requestTimeout, Duration.ofMillis(100), Duration.ofHours(1));
            p.duration("qrs.retryBudget", retryBudget, Duration.ZERO, Duration.ofHours(1));
            p.duration("qrs.retryInitialDelay", retryInitialDelay, Duration.ofMillis(10), Duration.ofMinutes(1));
            p.duration("qrs.retryMaxDelay", retryMaxDelay, Duration.ofMillis(10), Duration.ofMinutes(10));
            if (retryMaxDelay.compareTo(retryInitialDelay) < 0) {
                p.add("qrs.retryInitialDelay", "must not be longer than qrs.retryMaxDelay ("
                        + retryMaxDelay + "), but was " + retryInitialDelay);
            }
            if (cacheSize < 0 || cacheSize > 1_000_000) {
                p.add("qrs.cacheSize", "must be 0..1000000, but was " + cacheSize);
            }
            p.duration("qrs.cacheTtl", cacheTtl, Duration.ZERO, Duration.ofHours(24));
            if (maxResponseBytes < 1024 || maxResponseBytes > MAX_RESPONSE_BYTES_LIMIT) {
                p.add("qrs.maxResponseBytes", "must be 1024.." + MAX_RESPONSE_BYTES_LIMIT
                        + ", but was " + maxResponseBytes);
            }
            if (maxJsonDepth < 2 || maxJsonDepth > io.butlermqtt.json.Json.MAX_DEPTH) {
                p.add("qrs.maxJsonDepth", "must be 2.." + io.butlermqtt.json.Json.MAX_DEPTH
                        + " (the response's array is depth 1, a record depth 2), but was " + maxJsonDepth);
            }
            validateAllowList(p);
            p.throwIfAny("QRS");
            return new QrsSettings(this);
        }

        private void validateHost(SettingsProblems p) {
            if (host == null || host.isBlank()) {
                p.add("configQRS.host", "must be set to the host name of the Sense server running the "
                        + "QRS" + (host == null ? "" : ", but was empty"));
                return;
            }
            for (int i = 0; i < host.length(); i++) {
                char c = host.charAt(i);
                if (Character.isWhitespace(c) || Character.isISOControl(c) || "<>/\\\"?#@{}|^`%".indexOf(c) >= 0) {
                    p.add("configQRS.host", "must be a host name or IP address, but was " + Texts.quote(host)
                            + (host.startsWith("<") ? " (a placeholder from Butler's template?)" : ""));
                    return;
                }
            }
            if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
                p.add("configQRS.host", "must be a host name or IP address without a port (the port "
                        + "is configQRS.port), but was " + Texts.quote(host));
            }
        }

        private void validateHeaders(SettingsProblems p) {
            Set<String> seen = new HashSet<>();
            boolean user = false;
            for (Header h : headers) {
                String lower = h.name().toLowerCase(Locale.ROOT);
                String problem = null;
                if (!isToken(h.name())) {
                    problem = "header name " + Texts.quote(h.name()) + " is not a valid HTTP header name (letters, "
                            + "digits and !#$%&'*+-.^_`|~ only)";
                } else if (SET_BY_HTTP_CLIENT.contains(lower)) {
                    problem = "header " + h.name() + " is set by the HTTP client; remove it";
                } else if (SET_PER_REQUEST.contains(lower)) {
                    problem = "header " + h.name() + " is set by butler-mqtt for every request; remove it";
                } else if (!seen.add(lower)) {
                    problem = "header " + h.name() + " is given twice; expected each header once";
                } else if (!isValidValue(h.value())) {
                    problem = "the value of header " + h.name() + " contains a control character (line break, "
                            + "tab or U+0000..U+001F, U+007F); expected one line of text";
                }
                if (lower.equals("x-qlik-user")) {
                    user = true;
                    if (problem == null && h.value().isBlank()) {
                        problem = "header X-Qlik-User must name the user QRS calls run as, e.g. "
                                + DEFAULT_X_QLIK_USER + ", but was empty";
                    }
                }
                if (problem != null) {
                    p.add("configQRS.headers", problem);
                }
            }
            if (!user) {
                p.add("configQRS.headers", "must contain the header X-Qlik-User, the user QRS calls run "
                        + "as (e.g. " + DEFAULT_X_QLIK_USER + ")");
            }
        }

        private void validateAllowList(SettingsProblems p) {
            Set<String> tagsSeen = new LinkedHashSet<>();
            for (String tag : taskStartAllowList.tags()) {
                if (tag.isEmpty()) {
                    p.add("startTaskFilter.allowTask.tag", "a tag name must not be empty");
                } else if (!tagsSeen.add(tag)) {
                    p.add("startTaskFilter.allowTask.tag", "tag " + Texts.quote(tag) + " is listed twice");
                }
            }
            for (CustomProperty cp : taskStartAllowList.customProperties()) {
                if (cp.name().isEmpty()) {
                    p.add("startTaskFilter.allowTask.customProperty",
                            "a custom property name must not be empty");
                }
            }
        }


        private static boolean isToken(String s) {
            if (s.isEmpty()) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean ok = c < 128 && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
                if (!ok) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isValidValue(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c == 0x7f || c > 0xff) {
                    return false;
                }
            }
            return true;
        }

    }
}
