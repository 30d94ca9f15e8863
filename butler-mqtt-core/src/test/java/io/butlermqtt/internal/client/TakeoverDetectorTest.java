package io.butlermqtt.internal.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TakeoverDetectorTest {

    @Test
    void onConnectionLost_sessionTakenOverReason_isTakeoverAtOnce() {
        assertTrue(new TakeoverDetector().onConnectionLost(60_000, true, true));
    }

    @Test
    void onConnectionLost_threeShortBrokerClosesInARow_isTakeover() {
        TakeoverDetector d = new TakeoverDetector();
        assertFalse(d.onConnectionLost(800, true, false));
        assertFalse(d.onConnectionLost(1_200, true, false));
        assertTrue(d.onConnectionLost(500, true, false));
    }

    @Test
    void onConnectionLost_stableConnectionBetween_resetsTheCount() {
        TakeoverDetector d = new TakeoverDetector();
        assertFalse(d.onConnectionLost(800, true, false));
        assertFalse(d.onConnectionLost(800, true, false));
        assertFalse(d.onConnectionLost(TakeoverDetector.STABLE_AFTER_MS, true, false));
        assertFalse(d.onConnectionLost(800, true, false));
        assertFalse(d.onConnectionLost(800, true, false));
    }

    @Test
    void onConnectionLost_networkErrors_doNotCount() {
        TakeoverDetector d = new TakeoverDetector();
        for (int i = 0; i < 10; i++) {
            assertFalse(d.onConnectionLost(100, false, false));
        }
    }
}
