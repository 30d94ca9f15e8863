package io.butlermqtt.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Butler's own files, which are never copied into this repository: the folder given by
 * {@code -Dbutler.fixtures=<dir>}, or a {@code shared/fixtures} folder beside the repository, found by walking
 * up from the working directory. A test that needs one skips, with the reason, when it is absent.
 */
public final class SharedFixtures {

    private SharedFixtures() {
    }

    /**
     * The fixtures folder, if present.
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

    /**
     * A file of Butler 16.0.4's recorded run against a fake QRS ({@code butler-peer/}); skips the test when
     * it is absent.
     *
     * @param name e.g. {@code qrs-fixtures.json}
     * @return the file
     */
    public static Path butlerPeer(String name) {
        Optional<Path> dir = dir();
        assumeTrue(dir.isPresent(), "Butler's recorded run (shared/fixtures/butler-peer) is not available: set"
                + " -Dbutler.fixtures=<dir> or put it in shared/fixtures beside the repository");
        Path file = dir.get().resolve("butler-peer").resolve(name);
        assumeTrue(Files.isRegularFile(file), "Butler's recorded run is incomplete: " + file + " is missing");
        return file;
    }
}
