/**
 * butler-mqtt YAML: reads Butler's YAML config file into {@link io.butlermqtt.MqttSettings},
 * safely and with errors that point at the line.
 *
 * <p>Only {@code io.butlermqtt.yaml} is API; {@code io.butlermqtt.yaml.internal} may change in any
 * release.
 */
module io.butlermqtt.yaml {
    requires transitive io.butlermqtt;
    requires org.yaml.snakeyaml;

    exports io.butlermqtt.yaml;
}
