package io.butlermqtt.event;

import java.util.Objects;

/**
 * The Qlik Sense server license state, as Butler's license monitor reports it at every check.
 *
 * <p>On the wire: the JSON object {@code {"licenseExpired":..,"expiryDateStr":..,"daysUntilExpiry":..}}
 * on {@code qlikSenseServerLicenseTopic}; then, on {@code qlikSenseServerLicenseExpireTopic}, the
 * text {@code Qlik Sense server license expired on <expiryDateStr>} when the license has expired,
 * or {@code Qlik Sense server license is about to expire in <N> days, on <expiryDateStr>} when
 * {@code daysUntilExpiry} is at most the alert threshold.
 *
 * <p>All fields are required. Immutable and thread-safe.
 */
public final class ServerLicenseStatus implements SenseEvent {

    private final boolean licenseExpired;
    private final String expiryDateStr;
    private final int daysUntilExpiry;

    private ServerLicenseStatus(Builder b) {
        this.licenseExpired = Checks.required(b.licenseExpired, "ServerLicenseStatus", "licenseExpired");
        this.expiryDateStr = Checks.required(b.expiryDateStr, "ServerLicenseStatus", "expiryDateStr");
        this.daysUntilExpiry = Checks.required(b.daysUntilExpiry, "ServerLicenseStatus", "daysUntilExpiry");
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
        return new Builder().licenseExpired(licenseExpired).expiryDateStr(expiryDateStr)
                .daysUntilExpiry(daysUntilExpiry);
    }

    /**
     * Returns whether the license has expired (the license's {@code isExpired} flag).
     *
     * @return whether it has expired
     */
    public boolean licenseExpired() {
        return licenseExpired;
    }

    /**
     * Returns the expiry date as the license key states it ("Valid To:"), e.g. {@code 2026-12-31}.
     *
     * @return the expiry date text
     */
    public String expiryDateStr() {
        return expiryDateStr;
    }

    /**
     * Returns the whole days between now and the expiry date, rounded up; Butler computes it as an
     * absolute difference, so it is never negative, also after expiry.
     *
     * @return the days, at least 0
     */
    public int daysUntilExpiry() {
        return daysUntilExpiry;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ServerLicenseStatus)) {
            return false;
        }
        ServerLicenseStatus x = (ServerLicenseStatus) o;
        return licenseExpired == x.licenseExpired && expiryDateStr.equals(x.expiryDateStr)
                && daysUntilExpiry == x.daysUntilExpiry;
    }

    @Override
    public int hashCode() {
        return Objects.hash(licenseExpired, expiryDateStr, daysUntilExpiry);
    }

    @Override
    public String toString() {
        return "ServerLicenseStatus[licenseExpired=" + licenseExpired + ", expiryDateStr=" + expiryDateStr
                + ", daysUntilExpiry=" + daysUntilExpiry + "]";
    }

    /** Builds a {@link ServerLicenseStatus}; not thread-safe. */
    public static final class Builder {
        private Boolean licenseExpired;
        private String expiryDateStr;
        private Integer daysUntilExpiry;

        private Builder() {
        }

        /**
         * Sets whether the license has expired.
         *
         * @param licenseExpired whether it has expired
         * @return this builder
         */
        public Builder licenseExpired(boolean licenseExpired) {
            this.licenseExpired = licenseExpired;
            return this;
        }

        /**
         * Sets the expiry date text.
         *
         * @param expiryDateStr the expiry date as the license states it
         * @return this builder
         * @throws NullPointerException if {@code expiryDateStr} is null
         */
        public Builder expiryDateStr(String expiryDateStr) {
            this.expiryDateStr = Checks.notNull(expiryDateStr, "expiryDateStr");
            return this;
        }

        /**
         * Sets the whole days until (or, once expired, since) the expiry date.
         *
         * @param daysUntilExpiry the days, at least 0
         * @return this builder
         * @throws IllegalArgumentException if {@code daysUntilExpiry} is negative
         */
        public Builder daysUntilExpiry(int daysUntilExpiry) {
            if (daysUntilExpiry < 0) {
                throw new IllegalArgumentException("daysUntilExpiry must be at least 0 (Butler sends the absolute "
                        + "number of days), but was " + daysUntilExpiry);
            }
            this.daysUntilExpiry = daysUntilExpiry;
            return this;
        }

        /**
         * Builds the event.
         *
         * @return the immutable event
         * @throws IllegalStateException if a field is not set (the message names it)
         */
        public ServerLicenseStatus build() {
            return new ServerLicenseStatus(this);
        }
    }
}
