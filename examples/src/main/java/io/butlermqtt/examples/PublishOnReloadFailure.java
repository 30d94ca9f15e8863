package io.butlermqtt.examples;

import io.butlermqtt.ButlerMqttClient;
import io.butlermqtt.MqttSettings;
import io.butlermqtt.PublishResult;
import io.butlermqtt.SenseEventPublisher;
import io.butlermqtt.event.ReloadTaskFailed;
import io.butlermqtt.yaml.ButlerYamlConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Use 1: your application noticed a failed reload (from Sense's log appender, the QRS API, its own
 * scheduler...) and tells every Butler subscriber about it, in Butler's exact format.
 *
 * <p>Start one {@link ButlerMqttClient} when the application starts, share its publisher, close
 * the client when the application stops. Publishing never blocks: the future completes when the
 * broker has the messages, and while the broker is away they wait in a bounded outbox.
 *
 * <p>Run: {@code java ... PublishOnReloadFailure [--config butler.yaml]}; without a config it
 * starts an embedded broker.
 */
public final class PublishOnReloadFailure {

    private final SenseEventPublisher publisher;

    /**
     * @param publisher the publisher of the application's one {@link ButlerMqttClient}
     */
    public PublishOnReloadFailure(SenseEventPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * What your application calls when it sees a reload fail.
     *
     * @param taskId the task's ID
     * @param taskName the task's name
     * @param appName the app's name
     * @param message the error from the reload log
     * @return completes when the broker has the messages (or fails, saying why)
     */
    public CompletableFuture<PublishResult> reloadFailed(String taskId, String taskName, String appName, String message) {
        ReloadTaskFailed event = ReloadTaskFailed.builder()
                .hostName("sense-central-01")
                .user("CORP\\svc_qlik")
                .taskId(taskId)
                .taskName(taskName)
                .appName(appName)
                .logLevel("ERROR")
                .logMessage(message)
                .taskTags(List.of("Nightly"))
                .build();
        return publisher.publish(event)
                .whenComplete((result, error) -> {
                    if (error != null) {
                        System.err.println("could not tell MQTT about the failed reload of " + taskName + ": " + error);
                    }
                });
    }

    /**
     * Runs the example once.
     *
     * @param args nothing, or {@code --config <Butler config YAML>}
     * @throws Exception if it fails
     */
    public static void main(String[] args) throws Exception {
        EmbeddedBroker broker = null;
        MqttSettings settings;
        if (args.length == 2 && args[0].equals("--config")) {
            settings = ButlerYamlConfig.load(Path.of(args[1]));
        } else {
            broker = EmbeddedBroker.start();
            settings = MqttSettings.builder().brokerHost(broker.host()).brokerPort(broker.port()).build();
        }
        try (ButlerMqttClient client = ButlerMqttClient.start(settings)) {
            PublishOnReloadFailure app = new PublishOnReloadFailure(client.publisher());
            PublishResult result = app.reloadFailed("d3a1f8c2-5b7e-4f0a-9c61-2e8b4d7a9f13", "Reload of Sales dashboard",
                    "Sales dashboard", "Error: Field 'Region' not found").get(30, TimeUnit.SECONDS);
            result.messages().forEach(m -> System.out.println(result.outcome() + " " + m.topic() + " " + m.payloadSize() + " B"));
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
