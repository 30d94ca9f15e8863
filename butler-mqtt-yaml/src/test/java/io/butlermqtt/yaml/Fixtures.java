package io.butlermqtt.yaml;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds test inputs: our own fixtures on the classpath, Butler's templates in the shared folder. */
final class Fixtures {

    private Fixtures() {
    }

    /** Reads one of our fixtures from src/test/resources/io/butlermqtt/yaml. */
    static String resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file of one of our fixtures. */
    static Path resourcePath(String name) {
        try {
            return Path.of(Fixtures.class.getResource(name).toURI());
        } catch (Exception e) {
            throw new IllegalArgumentException("no test resource " + name, e);
        }
    }

    /**
     * Butler's real config template, from {@code -Dbutler.fixtures=<dir>} or a {@code shared/fixtures}
     * folder beside the repository (found by walking up from the working directory). Skips the
     * test, with the reason, when it is absent: Butler's text is never copied into this repository.
     */
    static Path butlerTemplate(String fileName) {
        Optional<Path> dir = fixturesDir();
        assumeTrue(dir.isPresent(), "Butler's templates are not available: set -Dbutler.fixtures=<dir> or put"
                + " them in shared/fixtures/butler-config beside the repository");
        Path file = dir.get().resolve("butler-config").resolve(fileName);
        assumeTrue(Files.isRegularFile(file), "Butler's template " + file + " is missing");
        return file;
    }

    private static Optional<Path> fixturesDir() {
        String property = System.getProperty("butler.fixtures");
        if (property != null && !property.isBlank()) {
            Path p = Path.of(property);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve("fixtures");
            if (Files.isDirectory(candidate.resolve("butler-config"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
