package io.butlermqtt.yaml;

import io.butlermqtt.MqttSettings;
import io.butlermqtt.yaml.internal.ConfigLoader;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads Butler's YAML config file into {@link MqttSettings}.
 *
 * <p>Two forms of file are accepted:
 * <ul>
 *   <li>Butler's own config file: {@code Butler:} at the root, {@code Butler.mqttConfig} read,
 *       and butler-mqtt's own settings in {@code Butler.butlerMqtt}. Every other section is
 *       ignored (not validated), except {@code Butler.qlikSenseLicense.serverLicenseMonitor.alert.thresholdDays}.
 *       A file Butler accepts loads here, and a file with a {@code butlerMqtt} section is still
 *       accepted by Butler, whose schema allows extra keys under {@code Butler:} but not inside
 *       {@code mqttConfig} or at the root.</li>
 *   <li>A short file holding just the MQTT settings: {@code mqttConfig:} at the root (with the
 *       keys of {@code Butler.mqttConfig}), optionally {@code butlerMqtt:} beside it.</li>
 * </ul>
 *
 * <p>Scalars follow YAML 1.2, as Butler's parser does; texts that YAML 1.1 reads differently
 * ({@code yes}, {@code on}, numbers with a leading zero) are reported instead of guessed. Values
 * may be written {@code ${NAME}} or {@code ${NAME:-default}} and are then taken from the
 * environment. A placeholder of Butler's template ({@code <FQDN or IP of MQTT server>}) is
 * reported when the feature it belongs to is enabled, and carried over when it is not.
 *
 * <p>Loading is safe: only YAML's standard types, at most 50 aliases, nesting at most 50 deep,
 * files at most 1 MiB; nothing is ever instantiated from the file.
 *
 * <p>Every problem is reported at once in one {@link ConfigException}, each with its key path,
 * line and column; the settings' own rules ({@link MqttSettings.Builder#build()}) are reported
 * there too, at the keys they concern. Thread-safe: the methods keep no state.
 *
 * <p><b>What is read, and what is checked.</b> {@link #load(Path)} and {@link #parse(String, String)}
 * read the MQTT settings only. {@link #loadConfig(Path)} and {@link #parseConfig(String, String)} read
 * every part of {@link ButlerConfig}, such as the Qlik Repository Service settings
 * ({@code Butler.configQRS}, {@code Butler.cert}, {@code Butler.startTaskFilter}). The methods that
 * read a file ({@code load}, {@code loadConfig}) also read and check the certificate and key files the
 * settings name, as the clients do when they start ({@link MqttSettings#checkFiles()},
 * {@link io.butlermqtt.QrsSettings#checkFiles()}), so that a missing or bad file is reported with its
 * key and line, together with every other problem; the methods that read text ({@code parse},
 * {@code parseConfig}) never touch the file system.
 */
public final class ButlerYamlConfig {

    private ButlerYamlConfig() {
    }

    /**
     * Reads a UTF-8 YAML file.
     *
     * @param file the file
     * @return the settings
     * @throws ConfigException listing every problem: the file is missing, a directory, unreadable,
     *     larger than 1 MiB, not UTF-8, not valid YAML, holds invalid settings, or names a TLS file
     *     that is missing or unusable (when MQTT and TLS are on)
     * @throws NullPointerException if {@code file} is null
     */
    public static MqttSettings load(Path file) {
        Objects.requireNonNull(file, "file");
        return ConfigLoader.load(file, System::getenv, new ConfigLoader.Options(false, true)).mqtt();
    }

    /**
     * Reads a UTF-8 YAML file into everything of it that butler-mqtt uses (see {@link ButlerConfig}).
     *
     * @param file the file
     * @return the configuration
     * @throws ConfigException listing every problem, as {@link #load(Path)} does, in every part; among them
     *     the QRS certificate files that are missing or unusable (when QRS is configured)
     * @throws NullPointerException if {@code file} is null
     */
    public static ButlerConfig loadConfig(Path file) {
        Objects.requireNonNull(file, "file");
        return ConfigLoader.load(file, System::getenv, new ConfigLoader.Options(true, true));
    }

    /**
     * Reads YAML text.
     *
     * @param text the YAML text
     * @param sourceName the name shown in error messages, such as a file name
     * @return the settings
     * @throws ConfigException listing every problem
     * @throws NullPointerException if an argument is null
     */
    public static MqttSettings parse(String text, String sourceName) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sourceName, "sourceName");
        return ConfigLoader.parse(text, sourceName, System::getenv, new ConfigLoader.Options(false, false)).mqtt();
    }

    /**
     * Reads YAML text into everything of it that butler-mqtt uses (see {@link ButlerConfig}).
     *
     * @param text the YAML text
     * @param sourceName the name shown in error messages, such as a file name
     * @return the configuration
     * @throws ConfigException listing every problem
     * @throws NullPointerException if an argument is null
     */
    public static ButlerConfig parseConfig(String text, String sourceName) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sourceName, "sourceName");
        return ConfigLoader.parse(text, sourceName, System::getenv, new ConfigLoader.Options(true, false));
    }
}
