package io.butlermqtt.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken inputs: each is rejected with a clear message. The outcome and the message
 * are asserted, not the time; the time is printed (see the closing note for measured numbers).
 */
class HostileInputTest {

    @TempDir
    Path dir;

    private static ConfigException rejected(String name, Supplier<Object> load) {
        long start = System.nanoTime();
        ConfigException e = assertThrows(ConfigException.class, load::get);
        System.out.printf("%s rejected in %.1f ms%n", name, (System.nanoTime() - start) / 1e6);
        return e;
    }

    @Test
    void billionLaughs_collectionAliases_rejectedNamingTheLimit() {
        String text = Fixtures.resource("errors/alias-bomb.yaml");
        ConfigException e = rejected("billion laughs", () -> ButlerYamlConfig.parse(text, "bomb.yaml"));
        assertEquals("""
                Invalid configuration in bomb.yaml (1 problem):
                  - line 7, col 23: more than 50 aliases (*name) in the file; the limit guards against alias bombs ("billion laughs")
                """.strip(), e.getMessage());
    }

    @Test
    void scalarAliasFlood_inASequence_isCountedToo() {
        // SnakeYAML counts aliases of collections only; these alias a scalar.
        String text = "mqttConfig:\n  brokerHost: &h broker.example.com\nx: [" + "*h, ".repeat(100_000) + "*h]\n";
        ConfigException e = rejected("100k scalar aliases", () -> ButlerYamlConfig.parse(text, "flood.yaml"));
        assertEquals("""
                Invalid configuration in flood.yaml (1 problem):
                  - line 3, col 205: more than 50 aliases (*name) in the file; the limit guards against alias bombs ("billion laughs")
                """.strip(), e.getMessage());
    }

    @Test
    void fiftyAliases_areAllowed_fiftyOneAreNot() {
        String fifty = "Butler:\n  mqttConfig:\n    enable: true\n    brokerHost: &h broker.example.com\n"
                + "  other: [" + "*h, ".repeat(49) + "*h]\n";
        assertEquals("broker.example.com", ButlerYamlConfig.parse(fifty, "fifty.yaml").brokerHost());
        String fiftyOne = fifty.replace("[*h, ", "[*h, *h, ");
        assertTrue(assertThrows(ConfigException.class, () -> ButlerYamlConfig.parse(fiftyOne, "fifty-one.yaml"))
                .getMessage().contains("more than 50 aliases"));
    }

    @Test
    void deepNesting_rejectedNamingTheLimit() {
        String text = "mqttConfig: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        ConfigException e = rejected("nesting 100000 deep", () -> ButlerYamlConfig.parse(text, "deep.yaml"));
        assertEquals("""
                Invalid configuration in deep.yaml (1 problem):
                  - line 1, col 62: collections are nested deeper than 50 levels, the limit for a configuration file
                """.strip(), e.getMessage());
    }

    @Test
    void deepBlockNesting_rejectedNamingTheLimit() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            sb.append(" ".repeat(i)).append("k").append(i).append(":\n");
        }
        ConfigException e = rejected("block nesting 60 deep", () -> ButlerYamlConfig.parse(sb.toString(), "deep.yaml"));
        assertTrue(e.getMessage().contains("collections are nested deeper than 50 levels"), e.getMessage());
    }

    @Test
    void tenMegabyteFile_rejectedBeforeReading() throws IOException {
        Path file = dir.resolve("huge.yaml");
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] line = "# padding padding padding padding padding padding padding padding padding\n"
                    .getBytes(StandardCharsets.US_ASCII);
            for (long written = 0; written < 10L * 1024 * 1024; written += line.length) {
                out.write(line);
            }
        }
        long size = Files.size(file);
        ConfigException e = rejected("10 MB file", () -> ButlerYamlConfig.load(file));
        assertEquals("Invalid configuration in " + file + " (1 problem):\n"
                + "  - the file is " + size + " bytes; the limit is 1048576 bytes (1 MiB)", e.getMessage());
    }

    @Test
    void tenMegabyteText_rejectedBeforeParsing() {
        String text = "mqttConfig:\n  brokerHost: " + "x".repeat(10 * 1024 * 1024) + "\n";
        ConfigException e = rejected("10 MB text", () -> ButlerYamlConfig.parse(text, "huge.yaml"));
        assertEquals("Invalid configuration in huge.yaml (1 problem):\n"
                + "  - the text is " + text.length() + " characters; the limit is 1048576 (1 MiB)", e.getMessage());
    }

    @Test
    void recursiveKey_rejected() {
        String text = Fixtures.resource("errors/recursive-key.yaml");
        ConfigException e = rejected("recursive key", () -> ButlerYamlConfig.parse(text, "recursive-key.yaml"));
        assertEquals("""
                Invalid configuration in recursive-key.yaml (2 problems):
                  - mqttConfig (line 3, col 5): recursive key: a key that contains itself
                  - mqttConfig (line 3, col 5): keys must be plain text, found a list as a key
                """.strip(), e.getMessage());
    }

    @Test
    void recursiveValue_rejected() {
        String text = "mqttConfig:\n  enable: true\nloop: &a [1, *a]\n";
        ConfigException e = rejected("recursive value", () -> ButlerYamlConfig.parse(text, "loop.yaml"));
        assertEquals("""
                Invalid configuration in loop.yaml (2 problems):
                  - loop (line 3, col 1): unknown key; expected one of: mqttConfig, butlerMqtt, Butler
                  - loop[1] (line 3, col 7): recursive alias: the node contains itself
                """.strip(), e.getMessage());
    }

    @Test
    void manyDuplicateKeys_messageIsCapped() {
        String text = "mqttConfig:\n  enable: true\n" + "  brokerHost: a.example.com\n".repeat(5_000);
        ConfigException e = rejected("5000 duplicate keys", () -> ButlerYamlConfig.parse(text, "dups.yaml"));
        assertEquals(101, e.problems().size());
        assertTrue(e.getMessage().startsWith("Invalid configuration in dups.yaml (101 problems):\n"
                + "  - mqttConfig.brokerHost (line 4, col 3): duplicate key (first at line 3, col 3)"), e.getMessage());
        assertTrue(e.getMessage().endsWith("\n  - and 4899 more problems (only the first 100 are listed)"));
    }

    @Test
    void largeFileWithinTheLimit_loads() {
        // A Butler file of almost 1 MiB whose other sections are big: ignored.
        String text = "Butler:\n  mqttConfig:\n    enable: true\n    brokerHost: broker.example.com\n  other:\n"
                + "    - {name: some-name, value: some-value-that-is-long-enough}\n".repeat(16_000);
        assertTrue(text.length() < 1024 * 1024);
        long start = System.nanoTime();
        assertEquals("broker.example.com", ButlerYamlConfig.parse(text, "big.yaml").brokerHost());
        System.out.printf("%.1f MB file within limits loaded in %.1f ms%n", text.length() / 1e6,
                (System.nanoTime() - start) / 1e6);
    }

    @Test
    void directory_missingFile_unreadableFile() throws IOException {
        assertEquals("Invalid configuration in " + dir + " (1 problem):\n  - is a directory, not a YAML file",
                assertThrows(ConfigException.class, () -> ButlerYamlConfig.load(dir)).getMessage());
        Path missing = dir.resolve("missing.yaml");
        assertEquals("Invalid configuration in " + missing + " (1 problem):\n  - the file does not exist",
                assertThrows(ConfigException.class, () -> ButlerYamlConfig.load(missing)).getMessage());

        Path locked = Files.writeString(dir.resolve("locked.yaml"), "mqttConfig:\n  enable: false\n");
        assumeFalse(System.getProperty("os.name").startsWith("Windows"), "POSIX permissions needed");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(locked), "running as root: every file is readable");
        assertEquals("Invalid configuration in " + locked + " (1 problem):\n"
                + "  - the file cannot be read: permission denied",
                assertThrows(ConfigException.class, () -> ButlerYamlConfig.load(locked)).getMessage());
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void namedPipe_isRefusedAtOnce_insteadOfBlockingForever() throws Exception {
        Path fifo = dir.resolve("butler.yaml");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("mkfifo is not available here: " + e.getMessage());
            return;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0 && Files.exists(fifo),
                "mkfifo could not create a named pipe here");
        // nobody writes to the pipe: opening it for reading blocks until someone does, so load() runs on
        // another thread; if it blocks, the test opens the pipe for writing to set it free, then fails
        java.util.concurrent.CompletableFuture<ConfigException> loading = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> rejected("named pipe", () -> ButlerYamlConfig.load(fifo)));
        ConfigException e;
        try {
            e = loading.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException blocked) {
            try (OutputStream unblock = Files.newOutputStream(fifo)) {
                unblock.flush();
            }
            throw new AssertionError("load() of a named pipe blocked (released after 10 s by writing to it)");
        }
        assertEquals("Invalid configuration in " + fifo + " (1 problem):\n"
                + "  - is not a regular file (a named pipe, device or socket?); expected a YAML file", e.getMessage());
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void device_isRefused() {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero), "no /dev/zero here");
        assertEquals("Invalid configuration in /dev/zero (1 problem):\n"
                + "  - is not a regular file (a named pipe, device or socket?); expected a YAML file",
                rejected("device", () -> ButlerYamlConfig.load(zero)).getMessage());
    }

    @Test
    void hugeMultiLineKey_messageStaysShortAndOnOneLinePerProblem() {
        // an explicit key ("? ...") may be any length; "\\n" in the double-quoted key is a line break
        String text = "mqttConfig:\n  enable: true\n  brokerHost: b\n"
                + "  ? \"evil\\n  - forged problem line " + "k".repeat(500_000) + "\"\n  : 1\n";
        ConfigException e = rejected("huge key", () -> ButlerYamlConfig.parse(text, "hostile.yaml"));
        String message = e.getMessage();
        assertTrue(message.length() < 2_000, "the message is " + message.length() + " characters");
        assertEquals(2, message.split("\n").length, message);
        assertTrue(message.contains("  - mqttConfig.evil\\n  - forged problem line kkk"), message);
        assertTrue(message.contains("unknown key"), message);
        assertTrue(e.problems().get(0).path().length() < 300, e.problems().get(0).path());
    }

    @Test
    void notUtf8_namesTheByteAndPosition() throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, "mqttConfig:\n  brokerHost: m\u00fcnchen.example.com\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("Invalid configuration in " + file + " (1 problem):\n"
                + "  - line 2, col 16: is not UTF-8 text: byte 0xFC at offset 27 is not valid UTF-8; save the file as UTF-8",
                assertThrows(ConfigException.class, () -> ButlerYamlConfig.load(file)).getMessage());
    }

    @Test
    void utf16_isNamed() throws IOException {
        Path file = dir.resolve("utf16.yaml");
        Files.write(file, withBom("mqttConfig:\n  enable: false\n"));
        assertEquals("Invalid configuration in " + file + " (1 problem):\n"
                + "  - line 1, col 1: is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8",
                assertThrows(ConfigException.class, () -> ButlerYamlConfig.load(file)).getMessage());
    }

    private static byte[] withBom(String s) {
        byte[] body = s.getBytes(StandardCharsets.UTF_16LE);
        byte[] out = new byte[body.length + 2];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xFE;
        System.arraycopy(body, 0, out, 2, body.length);
        return out;
    }

    @Test
    void utf8ByteOrderMark_isAccepted() throws IOException {
        Path file = dir.resolve("bom.yaml");
        Files.writeString(file, "\uFEFFmqttConfig:\n  enable: true\n  brokerHost: broker.example.com\n");
        assertEquals("broker.example.com", ButlerYamlConfig.load(file).brokerHost());
    }

    @Test
    void controlCharacter_isRejectedWithItsPosition() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ButlerYamlConfig.parse("mqttConfig:\n  brokerHost: a\u0007b\n", "bell.yaml"));
        assertEquals("Invalid configuration in bell.yaml (1 problem):\n"
                + "  - line 2, col 16: character U+0007 is not allowed in YAML (control characters other than tab"
                + " and newline)", e.getMessage());
    }

    @Test
    void multipleDocuments_areRejected() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ButlerYamlConfig.parse("mqttConfig:\n  enable: false\n---\nmqttConfig:\n  enable: true\n",
                        "two.yaml"));
        assertEquals("Invalid configuration in two.yaml (1 problem):\n"
                + "  - line 3, col 1: invalid YAML: but found another document (expected a single document in"
                + " the stream at line 1, col 1)", e.getMessage());
    }
}
