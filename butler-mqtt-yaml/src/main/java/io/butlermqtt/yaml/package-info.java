/**
 * Reads Butler's YAML config file into {@link io.butlermqtt.MqttSettings}: start with
 * {@link io.butlermqtt.yaml.ButlerYamlConfig}.
 */
package io.butlermqtt.yaml;
