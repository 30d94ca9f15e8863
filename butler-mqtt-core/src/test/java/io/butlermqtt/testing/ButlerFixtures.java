package io.butlermqtt.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Butler's own files (config templates, what the real Butler 16.0.4 published), from
 * {@code -Dbutler.fixtures=<dir>} or a {@code shared/fixtures} folder found by walking up from the
 * working directory. A test that needs one is skipped, with the reason, when it is absent: Butler's text
 * is never copied into this repository.
 */
public final class ButlerFixtures {

    /** One message Butler published: its topic and exact payload. */
    public record Published(String topic, byte[] payload) {
    }

    private ButlerFixtures() {
    }

    /**
     * A file below the fixtures folder, or a skipped test.
     *
     * @param relative such as {@code butler-peer/datagrams-example.txt}
     * @return the file
     */
    public static Path file(String relative) {
        Optional<Path> dir = dir();
        assumeTrue(dir.isPresent(), "Butler's fixtures are not available: set -Dbutler.fixtures=<dir> or put"
                + " them in shared/fixtures beside the repository");
        Path file = dir.get().resolve(relative);
        assumeTrue(Files.isRegularFile(file), "Butler's fixture " + file + " is missing");
        return file;
    }

    /**
     * A file of Butler 16.0.4's recorded run against a fake QRS ({@code butler-peer/}), or a skipped test.
     *
     * @param name e.g. {@code qrs-fixtures.json}
     * @return the file
     */
    public static Path butlerPeer(String name) {
        return file("butler-peer/" + name);
    }

    /**
     * One of Butler's config templates ({@code butler-config/}), or a skipped test.
     *
     * @param name e.g. {@code butler-16.0.4-production_template.yaml}
     * @return the file
     */
    public static Path butlerConfig(String name) {
        return file("butler-config/" + name);
    }

    /**
     * The datagrams of {@code butler-peer/datagrams-example.txt}: one per line, {@code #} lines and empty
     * lines left out, as UTF-8 bytes.
     *
     * @return the datagrams in file order
     */
    public static List<byte[]> exampleDatagrams() {
        List<byte[]> out = new ArrayList<>();
        for (String line : lines(file("butler-peer/datagrams-example.txt"))) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                out.add(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /**
     * What Butler 16.0.4 published, from {@code butler-peer/butler-16.0.4-mqtt-output.tsv}
     * ({@code topic<TAB>payload in hex}).
     *
     * @return the messages in order
     */
    public static List<Published> butlerOutput() {
        List<Published> out = new ArrayList<>();
        for (String line : lines(file("butler-peer/butler-16.0.4-mqtt-output.tsv"))) {
            if (line.isEmpty()) {
                continue;
            }
            int tab = line.indexOf('\t');
            out.add(new Published(line.substring(0, tab), HexFormat.of().parseHex(line.substring(tab + 1))));
        }
        return out;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The fixtures folder, if present: {@code -Dbutler.fixtures=<dir>}, else the first
     * {@code shared/fixtures} found walking up from the working directory.
     *
     * @return the folder holding {@code butler-config/}, {@code butler-peer/}, ...
     */
    public static Optional<Path> dir() {
        String property = System.getProperty("butler.fixtures");
        if (property != null && !property.isBlank()) {
            Path p = Path.of(property);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
