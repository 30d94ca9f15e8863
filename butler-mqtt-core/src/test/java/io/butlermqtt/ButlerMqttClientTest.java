package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** What needs no broker: the disabled client and argument checks. */
class ButlerMqttClientTest {

    private static final MqttSettings DISABLED = MqttSettings.builder().enabled(false).brokerHost("<IP or FQDN>").build();

    @Test
    void start_disabled_connectsNowhere_publishesSkippedWithTheMessages() throws Exception {
        try (ButlerMqttClient client = ButlerMqttClient.start(DISABLED, r -> {
            throw new AssertionError("never called");
        })) {
            assertEquals(ClientState.DISCONNECTED, client.state());
            assertEquals("", client.clientId());
            CompletableFuture<PublishResult> f = client.publisher().publish(SampleEvents.failed().build());
            assertTrue(f.isDone());
            PublishResult r = f.get();
            assertSame(PublishResult.Outcome.SKIPPED_DISABLED, r.outcome());
            assertEquals(client.publisher().messagesFor(SampleEvents.failed().build()), r.messages());
            assertEquals(2, r.messages().size());
            PublishResult any = client.publisher().publish("qliksense/any", "text").get();
            assertSame(PublishResult.Outcome.SKIPPED_DISABLED, any.outcome());
            assertEquals("text", any.messages().get(0).payloadAsString());
            assertEquals(0, client.stats().published());
        }
    }

    @Test
    void close_disabled_closedAndPublishesFail() {
        ButlerMqttClient client = ButlerMqttClient.start(DISABLED);
        client.close();
        client.close();
        assertEquals(ClientState.CLOSED, client.state());
        CompletionException e = assertThrows(CompletionException.class,
                () -> client.publisher().publish("qliksense/any", "x").join());
        assertInstanceOf(ClientClosedException.class, e.getCause());
    }

    @Test
    void publish_invalidTopic_failedFutureNamingTheTopic() {
        try (ButlerMqttClient client = ButlerMqttClient.start(DISABLED)) {
            CompletionException e = assertThrows(CompletionException.class,
                    () -> client.publisher().publish("qliksense/+/wild", "x").join());
            IllegalArgumentException iae = assertInstanceOf(IllegalArgumentException.class, e.getCause());
            assertTrue(iae.getMessage().contains("qliksense/+/wild"), iae.getMessage());
        }
    }

    @Test
    void start_nullArguments_throwNamingThem() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> ButlerMqttClient.start(null));
        assertEquals("settings", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> ButlerMqttClient.start(DISABLED, null));
        assertEquals("listener", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> ButlerMqttClient.start(DISABLED, r -> { }, null));
        assertEquals("listenerExecutor", e.getMessage());
    }
}
