package io.butlermqtt.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reconnect rule, with a "random" source that always draws the cap, so delays are the caps. */
class ReconnectPolicyTest {

    private final List<Long> caps = new ArrayList<>();
    private final ReconnectPolicy policy = new ReconnectPolicy(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(60),
            bound -> {
                caps.add(bound - 1);
                return bound - 1;
            }));

    @Test
    void failedAttempts_doubleUpToTheMaximum() {
        for (int i = 0; i < 12; i++) {
            policy.afterFailedAttempt();
        }
        assertEquals(List.of(100L, 200L, 400L, 800L, 1600L, 3200L, 6400L, 12_800L, 25_600L, 51_200L, 60_000L, 60_000L),
                caps);
    }

    @Test
    void lostAfterALongOutage_firstAttemptWithinInitialDelay_evenWhenTheConnectionWasShort() {
        for (int i = 0; i < 7; i++) {
            policy.afterFailedAttempt(); // a long outage: the cap grew to 6.4 s
        }
        // connected again, and lost after 2 s (a broker restarted while the client had just reconnected)
        ReconnectPolicy.Decision d = policy.afterConnectionLost(2_000, true, false, false);
        assertFalse(d.stop());
        assertEquals(100, d.delayMillis(), "the first attempt after a loss waits at most reconnect.initialDelay");
        // and the backoff grows again from there
        assertEquals(200, policy.afterFailedAttempt());
    }

    @Test
    void lostAfterAStableConnection_startsOver() {
        for (int i = 0; i < 5; i++) {
            policy.afterFailedAttempt();
        }
        assertEquals(100, policy.afterConnectionLost(3_600_000, false, false, false).delayMillis());
    }

    @Test
    void connectionsThatKeepEndingRightAway_keepBackingOff() {
        assertEquals(100, policy.afterConnectionLost(50, false, false, false).delayMillis());
        assertEquals(200, policy.afterConnectionLost(50, false, false, false).delayMillis());
        assertEquals(400, policy.afterConnectionLost(50, false, false, false).delayMillis());
        assertEquals(3, policy.shortLivedInRow());
        // one stable connection ends the streak
        assertEquals(100, policy.afterConnectionLost(20_000, false, false, false).delayMillis());
        assertEquals(0, policy.shortLivedInRow());
    }

    @Test
    void takeoverGuard_stopsAfterThreeShortBrokerClosedConnections_butNeverDelaysTheFirst() {
        ReconnectPolicy.Decision first = policy.afterConnectionLost(500, true, false, false);
        assertFalse(first.stop());
        assertEquals(100, first.delayMillis());
        assertFalse(policy.afterConnectionLost(500, true, false, false).stop());
        assertTrue(policy.afterConnectionLost(500, true, false, false).stop());
    }

    @Test
    void sessionTakenOverReason_stopsAtOnce() {
        assertTrue(policy.afterConnectionLost(60_000, true, true, false).stop());
    }

    @Test
    void lossesExplainedByARefusedMessage_areNotTakenForATakeover() {
        assertFalse(policy.afterConnectionLost(500, true, false, false).stop());
        for (int i = 0; i < 5; i++) {
            assertFalse(policy.afterConnectionLost(500, true, false, true).stop(), "loss " + i);
        }
    }
}
