package io.butlermqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.butlermqtt.internal.sense.DropLog;
import io.butlermqtt.testing.Await;
import io.butlermqtt.testing.LogCapture;
import io.butlermqtt.testing.UdpSender;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * At least 100,000 random and mutated datagrams (truncated, oversize, binary, invalid UTF-8, 12 and more
 * fields, empty fields, valid ones in between) through the real sockets of both ports: no exception escapes,
 * no thread dies, every datagram is counted, and every event delivered maps to MQTT messages.
 */
class EventServerHostileInputIT {

    private static final int DATAGRAMS = 100_000;
    private static final int MAX_MESSAGE_SIZE = 4096;
    /** Bytes sent but not yet read by the server: kept below the socket buffer, so the kernel drops none. */
    private static final long WINDOW_BYTES = 96 * 1024;

    private final Random random = new Random(20_240_602L);

    @Test
    @Timeout(300)
    void hundredThousandHostileDatagrams_everyOneCounted_nothingDies() {
        SenseEventPublisher mapping = SenseEventPublisher.dryRun(MqttSettings.builder().build());
        AtomicLong events = new AtomicLong();
        AtomicReference<Throwable> mappingFailure = new AtomicReference<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        SenseEventListener listener = r -> {
            threads.add(Thread.currentThread().getName());
            try {
                mapping.messagesFor(r.event());
            } catch (RuntimeException e) {
                mappingFailure.compareAndSet(null, e);
                throw e;
            }
            events.incrementAndGet();
        };
        EventServerSettings settings = EventServerSettings.builder().serverHost("127.0.0.1").portTaskFailure(0)
                .portSessionConnectionEvents(0).maxMessageSize(MAX_MESSAGE_SIZE)
                .messageQueue(new EventServerSettings.MessageQueue(10, 20_000, 80))
                .dropLogInterval(Duration.ofSeconds(5)).build();
        long oversize = 0;
        long sentBytes = 0;
        try (LogCapture drops = LogCapture.of(DropLog.class, Level.WARN);
                UdpSender sender = new UdpSender();
                SenseEventServer server = SenseEventServer.start(settings, ReloadTaskEnricher.withoutQrs(), listener)) {
            InetSocketAddress task = server.taskEventAddress().orElseThrow();
            InetSocketAddress audit = server.userAuditAddress().orElseThrow();
            long[] cumulative = new long[DATAGRAMS + 1];
            long knownReceived = 0;
            for (int i = 0; i < DATAGRAMS; i++) {
                boolean toAudit = random.nextInt(5) == 0;
                byte[] d = toAudit ? hostileUserAudit() : hostileTask();
                if (d.length > MAX_MESSAGE_SIZE) {
                    oversize++;
                }
                sentBytes += d.length;
                cumulative[i + 1] = sentBytes;
                sender.send(toAudit ? audit : task, d);
                if (sentBytes - cumulative[(int) knownReceived] >= WINDOW_BYTES || i % 1024 == 0) {
                    int sent = i + 1;
                    Await.until(Duration.ofSeconds(30), () -> {
                        EventServerStats st = server.stats();
                        return cumulative[sent] - cumulative[(int) Math.min(st.received(), sent)] < WINDOW_BYTES
                                && st.pending() < 5_000;
                    }, () -> "the server keeps up: " + server.stats());
                    knownReceived = Math.min(server.stats().received(), sent);
                }
            }
            Await.until(Duration.ofSeconds(60), () -> {
                EventServerStats s = server.stats();
                return s.received() == DATAGRAMS && s.pending() == 0;
            }, () -> DATAGRAMS + " received and processed, stats " + server.stats());

            EventServerStats s = server.stats();
            System.out.println("hostile input: " + s);
            assertEquals(s.received(), s.processed() + s.ignored() + s.dropped(), "every datagram counted once");
            assertEquals(oversize, s.oversize());
            assertEquals(0, s.processingErrors(), "no exception escaped the pipeline");
            assertEquals(0, s.listenerFailures(), () -> "every event maps to MQTT: " + mappingFailure.get());
            assertEquals(0, s.socketErrors());
            assertEquals(0, s.queueFull());
            assertTrue(s.processed() > 10_000, "valid datagrams in between were processed");
            assertTrue(s.invalid() > 10_000 && s.ignored() > 1_000, s::toString);
            assertEquals(events.get(), s.processed() - s.enrichedEmpty() + 2, "each processed datagram and both"
                    + " START events reached the listener");

            // still alive: both receiving threads and the workers handle a valid datagram of each kind
            long before = events.get();
            sender.send(task, SenseDatagramParserTest.failed("alive", "m").getBytes(StandardCharsets.UTF_8));
            sender.send(audit, "sense1;Start session;LAB;anna".getBytes(StandardCharsets.UTF_8));
            Await.until(Duration.ofSeconds(20), () -> events.get() == before + 2, "both ports still work");
            assertTrue(threads.stream().allMatch(t -> t.startsWith("butler-mqtt-event-worker-")
                    || t.equals(Thread.currentThread().getName())), threads::toString);
            assertTrue(drops.messages(Level.WARN).size() < 200, () -> "drops are logged rate-limited, got "
                    + drops.messages(Level.WARN).size() + " lines");
        }
        System.out.println("hostile input: sent " + DATAGRAMS + " datagrams, " + sentBytes + " bytes");
    }

    // --- generators -----------------------------------------------------------------------------------------

    private byte[] hostileTask() {
        int kind = random.nextInt(12);
        switch (kind) {
            case 0:
                return validTask();
            case 1:
                return truncate(validTask());
            case 2:
                return flipBytes(validTask());
            case 3:
                return randomBytes(random.nextInt(2000));
            case 4:
                return insertInvalidUtf8(validTask());
            case 5:
                return (new String(validTask(), StandardCharsets.UTF_8) + ";extra".repeat(1 + random.nextInt(20)))
                        .getBytes(StandardCharsets.UTF_8);
            case 6:
                return (pick("/scheduler-reload-failed/", "/scheduler-task-aborted/", "") + ";".repeat(random.nextInt(15)))
                        .getBytes(StandardCharsets.UTF_8);
            case 7:
                return oversize(validTask());
            case 8:
                return new byte[0];
            case 9:
                return controlStorm(validTask());
            case 10:
                return (pick("/scheduler-task-success/", "/scheduler-distribute/", "/scheduler-task-success//")
                        + new String(validTask(), StandardCharsets.UTF_8).substring(25))
                        .getBytes(StandardCharsets.UTF_8);
            default:
                return validTask();
        }
    }

    private byte[] hostileUserAudit() {
        String valid = "sense" + random.nextInt(9) + ";" + pick("Start session", "Stop session", "Open connection",
                "Close connection", "Logout") + ";" + text(10) + ";" + text(20);
        byte[] v = valid.getBytes(StandardCharsets.UTF_8);
        switch (random.nextInt(6)) {
            case 0:
                return truncate(v);
            case 1:
                return flipBytes(v);
            case 2:
                return randomBytes(random.nextInt(500));
            case 3:
                return insertInvalidUtf8(v);
            case 4:
                return oversize(v);
            default:
                return v;
        }
    }

    private byte[] validTask() {
        String marker = pick("/scheduler-reload-failed/", "/scheduler-task-failed/", "/scheduler-reloadtask-failed/",
                "/scheduler-reload-aborted/", "/SCHEDULER-TASK-ABORTED/");
        String appId = random.nextInt(4) == 0 ? "" : UUID.randomUUID().toString();
        String execution = random.nextInt(10) == 0 ? "" : UUID.randomUUID().toString();
        return String.join(";", marker, text(20), text(random.nextInt(3) == 0 ? 700 : 40), text(30),
                "LAB\\\\" + text(8), UUID.randomUUID().toString(), appId, "2024-06-02 06:00:17,123", "ERROR", execution,
                text(random.nextInt(200))).getBytes(StandardCharsets.UTF_8);
    }

    private String text(int max) {
        int n = random.nextInt(max + 1);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int r = random.nextInt(100);
            if (r < 70) {
                sb.append((char) ('a' + random.nextInt(26)));
            } else if (r < 80) {
                sb.append(' ');
            } else if (r < 85) {
                sb.append((char) random.nextInt(0x20)); // control characters
            } else if (r < 90) {
                sb.append(pick("é", "日", "\"", "\\", "/", "\u2028", "\u0085", "\ufeff"));
            } else if (r < 93) {
                sb.appendCodePoint(0x1F600 + random.nextInt(50));
            } else if (r < 95) {
                sb.append(';');
            } else {
                sb.append((char) (0x20 + random.nextInt(95)));
            }
        }
        return sb.toString();
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private byte[] truncate(byte[] d) {
        return Arrays.copyOf(d, d.length == 0 ? 0 : random.nextInt(d.length));
    }

    private byte[] flipBytes(byte[] d) {
        byte[] out = d.clone();
        int n = 1 + random.nextInt(5);
        for (int i = 0; i < n && out.length > 0; i++) {
            out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        return out;
    }

    private byte[] randomBytes(int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }

    private byte[] insertInvalidUtf8(byte[] d) {
        byte[][] bad = {{(byte) 0xc0, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xf4, (byte) 0x90,
                (byte) 0x80, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xff}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xf0}};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = d.length == 0 ? 0 : random.nextInt(d.length);
        out.write(d, 0, at);
        byte[] b = bad[random.nextInt(bad.length)];
        out.write(b, 0, b.length);
        out.write(d, at, d.length - at);
        return out.toByteArray();
    }

    private byte[] oversize(byte[] d) {
        int size = MAX_MESSAGE_SIZE + 1 + random.nextInt(6000);
        byte[] out = Arrays.copyOf(d, size);
        Arrays.fill(out, Math.min(d.length, size), size, (byte) 'x');
        return out;
    }

    private byte[] controlStorm(byte[] d) {
        byte[] out = d.clone();
        for (int i = 0; i < out.length; i++) {
            if (random.nextInt(4) == 0 && out[i] != ';') {
                out[i] = (byte) random.nextInt(0x20);
            }
        }
        return out;
    }
}
