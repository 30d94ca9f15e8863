/**
 * Qlik Sense events that Butler publishes to MQTT: one immutable type per event, each built with
 * its static {@code builder()}. See {@link io.butlermqtt.event.SenseEvent}.
 */
package io.butlermqtt.event;
