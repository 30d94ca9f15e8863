package io.butlermqtt;

import io.butlermqtt.testing.Await;
import io.butlermqtt.testing.EmbeddedHiveMq;
import io.butlermqtt.testing.TestBroker;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HiveMQ CE sometimes stops delivering a shared subscription's messages to its remaining members, in
 * particular after one member unsubscribes while the broker streams messages to it (reproduced with plain
 * HiveMQ clients, no butler-mqtt involved; it looks like hivemq-community-edition issue #558, "subscribers
 * become idle ... with shared subscriptions and QoS 1"): the broker keeps the messages queued, and a
 * member that subscribes later receives them. A test that counts lost commands on HiveMQ CE
 * therefore asks, when delivery stalls, a new member for what the broker still holds: a command that
 * reaches it was not lost by the client. Other brokers get no such help.
 */
final class SharedGroupStall {

    private static final Logger LOG = LoggerFactory.getLogger(SharedGroupStall.class);

    private SharedGroupStall() {
    }

    /**
     * When {@code broker} is HiveMQ CE and commands are missing, subscribes a new member to the shared
     * group and collects what it receives.
     *
     * @param broker the broker
     * @param sharedFilter {@code $share/<group>/<topic>}
     * @param missing the task IDs no listener received yet (evaluated while waiting)
     * @param expected how many the new member should find
     * @return the task IDs the new member received (empty for other brokers or when nothing is missing)
     */
    static Set<UUID> collectHeldByBroker(TestBroker broker, String sharedFilter, Supplier<Set<UUID>> missing)
            throws Exception {
        Set<UUID> got = new HashSet<>();
        if (!(broker instanceof EmbeddedHiveMq) || missing.get().isEmpty()) {
            return got;
        }
        int before = missing.get().size();
        try (RawClient late = RawClient.connect(broker).subscribe(sharedFilter)) {
            Await.until(Duration.ofSeconds(60), () -> {
                Set<UUID> seen = new HashSet<>();
                late.received().forEach(r -> seen.add(UUID.fromString(r.text())));
                return seen.containsAll(missing.get());
            }, () -> "a new member of the stalled group receives the " + missing.get().size() + " commands the broker held");
            late.received().forEach(r -> got.add(UUID.fromString(r.text())));
        }
        LOG.info("HiveMQ CE stopped delivering to the remaining members of {} (hivemq-community-edition#558): a new "
                + "member received the {} command(s) the broker still held", sharedFilter, before);
        return got;
    }
}
