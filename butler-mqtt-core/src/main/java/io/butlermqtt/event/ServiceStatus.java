package io.butlermqtt.event;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of a Windows service on a Sense server, as Butler's service monitor reports it at
 * every check.
 *
 * <p>On the wire (topics get {@code /<serviceHost>/<serviceName>} appended):
 * <ul>
 *   <li>when {@link #serviceStatusChanged()} is true and the state is {@link #STOPPED}: a JSON
 *       object on {@code serviceStoppedTopic} with the keys {@code serviceHost, serviceName,
 *       serviceFriendlyName, serviceDisplayName, serviceDependencies, serviceStartType,
 *       serviceExePath, serviceStatus, servicePrevStatus, serviceStatusChanged};</li>
 *   <li>when it is true and the state is {@link #RUNNING}: the same on {@code serviceRunningTopic},
 *       but with {@code serviceDisplayName} before {@code serviceFriendlyName} (Butler's order);</li>
 *   <li>always: {@code serviceHost, serviceName, serviceDisplayName, serviceFriendlyName,
 *       serviceDependencies, serviceStartType, serviceExePath, serviceStatus} on
 *       {@code serviceStatusTopic}.</li>
 * </ul>
 * A message whose topic setting is empty is not sent.
 *
 * <p>Required: {@code serviceHost}, {@code serviceName}, {@code serviceStatus}. Because host and
 * service name become topic levels, {@link Builder#build()} rejects an empty one and one that
 * contains {@code /}, {@code +}, {@code #}, U+0000 or a lone surrogate, rather than let it change
 * the topic's structure. Optional texts are sent as {@code ""} when absent; dependencies default
 * to {@code []}; {@code serviceStatusChanged} defaults to false.
 *
 * <p>Immutable and thread-safe.
 */
public final class ServiceStatus implements SenseEvent {

    /** Windows' name of the running state; with a state change it gets the "running" message. */
    public static final String RUNNING = "RUNNING";
    /** Windows' name of the stopped state; with a state change it gets the "stopped" message. */
    public static final String STOPPED = "STOPPED";

    private final String serviceHost;
    private final String serviceName;
    private final String serviceFriendlyName;
    private final String serviceDisplayName;
    private final List<String> serviceDependencies;
    private final String serviceStartType;
    private final String serviceExePath;
    private final String serviceStatus;
    private final String servicePrevStatus;
    private final boolean serviceStatusChanged;

    private ServiceStatus(Builder b) {
        this.serviceHost = Checks.required(b.serviceHost, "ServiceStatus", "serviceHost");
        this.serviceName = Checks.required(b.serviceName, "ServiceStatus", "serviceName");
        this.serviceStatus = Checks.required(b.serviceStatus, "ServiceStatus", "serviceStatus");
        Checks.topicLevel(serviceHost, "ServiceStatus", "serviceHost");
        Checks.topicLevel(serviceName, "ServiceStatus", "serviceName");
        this.serviceFriendlyName = b.serviceFriendlyName;
        this.serviceDisplayName = b.serviceDisplayName;
        this.serviceDependencies = Checks.elements(b.serviceDependencies, "serviceDependencies");
        this.serviceStartType = b.serviceStartType;
        this.serviceExePath = b.serviceExePath;
        this.servicePrevStatus = b.servicePrevStatus;
        this.serviceStatusChanged = b.serviceStatusChanged;
    }

    /**
     * Starts a builder with nothing set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this event's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.serviceHost = serviceHost;
        b.serviceName = serviceName;
        b.serviceFriendlyName = serviceFriendlyName;
        b.serviceDisplayName = serviceDisplayName;
        b.serviceDependencies = serviceDependencies;
        b.serviceStartType = serviceStartType;
        b.serviceExePath = serviceExePath;
        b.serviceStatus = serviceStatus;
        b.servicePrevStatus = servicePrevStatus;
        b.serviceStatusChanged = serviceStatusChanged;
        return b;
    }

    /**
     * Returns the host the service runs on (a topic level).
     *
     * @return the host
     */
    public String serviceHost() {
        return serviceHost;
    }

    /**
     * Returns the Windows service name, e.g. {@code QlikSenseEngineService} (a topic level).
     *
     * @return the service name
     */
    public String serviceName() {
        return serviceName;
    }

    /**
     * Returns the friendly name configured in Butler's service monitor.
     *
     * @return the friendly name, empty when not set (sent as {@code ""})
     */
    public Optional<String> serviceFriendlyName() {
        return Optional.ofNullable(serviceFriendlyName);
    }

    /**
     * Returns Windows' display name of the service.
     *
     * @return the display name, empty when not set (sent as {@code ""})
     */
    public Optional<String> serviceDisplayName() {
        return Optional.ofNullable(serviceDisplayName);
    }

    /**
     * Returns the names of the services this one depends on.
     *
     * @return an immutable list, empty when not set
     */
    public List<String> serviceDependencies() {
        return serviceDependencies;
    }

    /**
     * Returns the start type: {@code Automatic}, {@code Manual} or {@code Disabled} in Butler.
     *
     * @return the start type, empty when not set (sent as {@code ""})
     */
    public Optional<String> serviceStartType() {
        return Optional.ofNullable(serviceStartType);
    }

    /**
     * Returns the service's executable path.
     *
     * @return the path, empty when not set (sent as {@code ""})
     */
    public Optional<String> serviceExePath() {
        return Optional.ofNullable(serviceExePath);
    }

    /**
     * Returns the current state, Windows' name in upper case ({@link #RUNNING}, {@link #STOPPED}, ...).
     *
     * @return the state
     */
    public String serviceStatus() {
        return serviceStatus;
    }

    /**
     * Returns the previous state as Butler tracks it ({@code RUNNING}, {@code STOPPED} or {@code PAUSED}).
     *
     * @return the previous state, empty when not set (sent as {@code ""})
     */
    public Optional<String> servicePrevStatus() {
        return Optional.ofNullable(servicePrevStatus);
    }

    /**
     * Returns whether the state changed at this check; only then are the stopped/running messages sent.
     *
     * @return whether the state changed
     */
    public boolean serviceStatusChanged() {
        return serviceStatusChanged;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ServiceStatus)) {
            return false;
        }
        ServiceStatus x = (ServiceStatus) o;
        return serviceHost.equals(x.serviceHost) && serviceName.equals(x.serviceName)
                && Objects.equals(serviceFriendlyName, x.serviceFriendlyName)
                && Objects.equals(serviceDisplayName, x.serviceDisplayName)
                && serviceDependencies.equals(x.serviceDependencies)
                && Objects.equals(serviceStartType, x.serviceStartType)
                && Objects.equals(serviceExePath, x.serviceExePath) && serviceStatus.equals(x.serviceStatus)
                && Objects.equals(servicePrevStatus, x.servicePrevStatus)
                && serviceStatusChanged == x.serviceStatusChanged;
    }

    @Override
    public int hashCode() {
        return Objects.hash(serviceHost, serviceName, serviceFriendlyName, serviceDisplayName, serviceDependencies,
                serviceStartType, serviceExePath, serviceStatus, servicePrevStatus, serviceStatusChanged);
    }

    @Override
    public String toString() {
        return "ServiceStatus[serviceHost=" + serviceHost + ", serviceName=" + serviceName + ", serviceStatus="
                + serviceStatus + ", servicePrevStatus=" + servicePrevStatus + ", serviceStatusChanged="
                + serviceStatusChanged + "]";
    }

    /** Builds a {@link ServiceStatus}; not thread-safe. */
    public static final class Builder {
        private String serviceHost;
        private String serviceName;
        private String serviceFriendlyName;
        private String serviceDisplayName;
        private List<String> serviceDependencies = List.of();
        private String serviceStartType;
        private String serviceExePath;
        private String serviceStatus;
        private String servicePrevStatus;
        private boolean serviceStatusChanged;

        private Builder() {
        }

        /**
         * Sets the host the service runs on; it becomes a topic level (checked when built).
         *
         * @param serviceHost the host
         * @return this builder
         * @throws NullPointerException if {@code serviceHost} is null
         */
        public Builder serviceHost(String serviceHost) {
            this.serviceHost = Checks.notNull(serviceHost, "serviceHost");
            return this;
        }

        /**
         * Sets the Windows service name; it becomes a topic level (checked when built).
         *
         * @param serviceName the service name
         * @return this builder
         * @throws NullPointerException if {@code serviceName} is null
         */
        public Builder serviceName(String serviceName) {
            this.serviceName = Checks.notNull(serviceName, "serviceName");
            return this;
        }

        /**
         * Sets the friendly name ({@code null} unsets it).
         *
         * @param serviceFriendlyName the friendly name
         * @return this builder
         */
        public Builder serviceFriendlyName(String serviceFriendlyName) {
            this.serviceFriendlyName = serviceFriendlyName;
            return this;
        }

        /**
         * Sets Windows' display name ({@code null} unsets it).
         *
         * @param serviceDisplayName the display name
         * @return this builder
         */
        public Builder serviceDisplayName(String serviceDisplayName) {
            this.serviceDisplayName = serviceDisplayName;
            return this;
        }

        /**
         * Sets the names of the services this one depends on (copied when built).
         *
         * @param serviceDependencies the list, not null, without null elements
         * @return this builder
         * @throws NullPointerException if {@code serviceDependencies} is null
         */
        public Builder serviceDependencies(List<String> serviceDependencies) {
            this.serviceDependencies = Checks.notNull(serviceDependencies, "serviceDependencies");
            return this;
        }

        /**
         * Sets the start type ({@code null} unsets it).
         *
         * @param serviceStartType the start type
         * @return this builder
         */
        public Builder serviceStartType(String serviceStartType) {
            this.serviceStartType = serviceStartType;
            return this;
        }

        /**
         * Sets the executable path ({@code null} unsets it).
         *
         * @param serviceExePath the path
         * @return this builder
         */
        public Builder serviceExePath(String serviceExePath) {
            this.serviceExePath = serviceExePath;
            return this;
        }

        /**
         * Sets the current state, Windows' upper-case name; compared exactly with
         * {@link ServiceStatus#RUNNING} and {@link ServiceStatus#STOPPED}.
         *
         * @param serviceStatus the state
         * @return this builder
         * @throws NullPointerException if {@code serviceStatus} is null
         */
        public Builder serviceStatus(String serviceStatus) {
            this.serviceStatus = Checks.notNull(serviceStatus, "serviceStatus");
            return this;
        }

        /**
         * Sets the previous state ({@code null} unsets it).
         *
         * @param servicePrevStatus the previous state
         * @return this builder
         */
        public Builder servicePrevStatus(String servicePrevStatus) {
            this.servicePrevStatus = servicePrevStatus;
            return this;
        }

        /**
         * Sets whether the state changed at this check (default false).
         *
         * @param serviceStatusChanged whether it changed
         * @return this builder
         */
        public Builder serviceStatusChanged(boolean serviceStatusChanged) {
            this.serviceStatusChanged = serviceStatusChanged;
            return this;
        }

        /**
         * Builds the event.
         *
         * @return the immutable event
         * @throws IllegalStateException if {@code serviceHost}, {@code serviceName} or
         *     {@code serviceStatus} is not set (the message names it)
         * @throws IllegalArgumentException if {@code serviceHost} or {@code serviceName} is empty or
         *     contains {@code /}, {@code +}, {@code #}, U+0000 or a lone surrogate
         * @throws NullPointerException if the dependency list holds a null element
         */
        public ServiceStatus build() {
            return new ServiceStatus(this);
        }
    }
}
