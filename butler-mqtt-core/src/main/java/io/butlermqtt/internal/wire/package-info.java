/**
 * Butler's wire format: the mapping from Sense events to MQTT messages. Internal: may change in any release.
 */
package io.butlermqtt.internal.wire;
