package io.butlermqtt.internal.client;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * Generates the default client ID {@code butler-mqtt-<hostname>-<random>}: readable in broker logs,
 * unique per process. The host name is taken from {@code HOSTNAME} / {@code COMPUTERNAME} when set
 * (no DNS lookup), else from the JDK, reduced to letters, digits and dashes and cut to
 * {@value #MAX_HOST_CHARS} characters; the random part is 8 hex digits.
 *
 * <p>Internal: may change in any release.
 */
public final class ClientIds {

    /** Longest host name part. */
    public static final int MAX_HOST_CHARS = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientIds() {
    }

    /** @return a new client ID */
    public static String generate() {
        return generate(hostName(), RANDOM.nextInt());
    }

    /**
     * @param hostName the host name, may be null
     * @param random the random part
     * @return {@code butler-mqtt-<sanitized host>-<8 hex digits>}
     */
    static String generate(String hostName, int random) {
        return "butler-mqtt-" + sanitize(hostName) + '-' + String.format(Locale.ROOT, "%08x", random);
    }

    static String sanitize(String hostName) {
        StringBuilder sb = new StringBuilder();
        if (hostName != null) {
            for (int i = 0; i < hostName.length() && sb.length() < MAX_HOST_CHARS; i++) {
                char c = hostName.charAt(i);
                if (c == '.') {
                    break; // the short name is enough
                }
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
                    sb.append(c);
                }
            }
        }
        return sb.length() == 0 ? "host" : sb.toString();
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env == null || env.isBlank()) {
            env = System.getenv("COMPUTERNAME");
        }
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return null;
        }
    }
}
