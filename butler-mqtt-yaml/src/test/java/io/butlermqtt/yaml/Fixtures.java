package io.butlermqtt.yaml;

import io.butlermqtt.testing.ButlerFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
     * Butler's real config template, from {@code -Dbutler.fixtures=<dir>} or a {@code shared/fixtures} folder
     * beside the repository ({@link ButlerFixtures}). Skips the test, with the reason, when it is absent:
     * Butler's text is never copied into this repository.
     */
    static Path butlerTemplate(String fileName) {
        return ButlerFixtures.butlerConfig(fileName);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
