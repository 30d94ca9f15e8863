/**
 * butler-mqtt core: settings, Qlik Sense events, Butler's wire format, the MQTT connection and the
 * task-start callback.
 *
 * <p>Only {@code io.butlermqtt}, {@code io.butlermqtt.event} and {@code io.butlermqtt.json} are API; everything under
 * {@code io.butlermqtt.internal} may change in any release.
 */
module io.butlermqtt {
    requires com.hivemq.client.mqtt;
    requires io.reactivex.rxjava2;
    requires org.slf4j;
    requires com.fasterxml.jackson.core;
    requires java.net.http;

    exports io.butlermqtt;
    exports io.butlermqtt.event;
    exports io.butlermqtt.json;
}
