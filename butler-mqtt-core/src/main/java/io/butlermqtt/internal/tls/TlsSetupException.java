package io.butlermqtt.internal.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A TLS file named in the settings cannot be used: missing, unreadable, not PEM, an unsupported or
 * undecryptable key, or a key that does not belong to its certificate. The message starts with the
 * setting and the file, then says what was found and what was expected, e.g.
 * {@code tls.clientKeyFile (/etc/butler/client.key): no private key found; the file holds CERTIFICATE
 * blocks (did you swap clientCertFile and clientKeyFile?)}. Never contains a password or key material.
 */
public final class TlsSetupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String setting;
    private final transient Path file;
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param setting the settings key the file came from, e.g. {@code tls.clientKeyFile}
     * @param file the file
     * @param reason what is wrong and what was expected
     * @param cause the underlying exception, or null
     */
    public TlsSetupException(String setting, Path file, String reason, Throwable cause) {
        super(setting + " (" + file + "): " + reason, cause);
        this.setting = Objects.requireNonNull(setting, "setting");
        this.file = Objects.requireNonNull(file, "file");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * What is wrong and what was expected, without the setting and the file.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }

    /**
     * The settings key the file came from.
     *
     * @return e.g. {@code azureEventGrid.clientCertFile}
     */
    public String setting() {
        return setting;
    }

    /**
     * The file that cannot be used.
     *
     * @return the path as configured
     */
    public Path file() {
        return file;
    }
}
