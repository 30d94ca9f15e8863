package io.butlermqtt.yaml.internal;

import io.butlermqtt.yaml.ButlerConfig;
import io.butlermqtt.yaml.ConfigException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Runs the loader: read, compose, check the tree, bind. The environment lookup is a parameter so
 * tests do not depend on the real environment.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * What a load reads and checks.
     *
     * @param allParts every part of {@link ButlerConfig} (else the MQTT settings only, and the other sections
     *     are not read)
     * @param checkFiles read and check the certificate and key files the settings name, as the clients do at
     *     start, so that a bad file is reported with its key and line
     */
    public record Options(boolean allParts, boolean checkFiles) {
    }

    /**
     * Loads a file: every part, files checked.
     *
     * @param file the file
     * @param env environment lookup: the variable's value, or null when unset
     * @return the configuration
     * @throws ConfigException listing every problem
     */
    public static ButlerConfig load(Path file, Function<String, String> env) {
        return load(file, env, new Options(true, true));
    }

    /**
     * Loads a file.
     *
     * @param file the file
     * @param env environment lookup: the variable's value, or null when unset
     * @param options what to read and check
     * @return the configuration
     * @throws ConfigException listing every problem
     */
    public static ButlerConfig load(Path file, Function<String, String> env, Options options) {
        Objects.requireNonNull(file, "file");
        Problems problems = new Problems();
        String text = YamlReader.readFile(file, problems);
        if (text == null) {
            throw new ConfigException(file.toString(), problems.sorted());
        }
        return parse(text, file.toString(), env, options);
    }

    /**
     * Parses YAML text: every part, no file read.
     *
     * @param text the text
     * @param source the name shown in messages
     * @param env environment lookup: the variable's value, or null when unset
     * @return the configuration
     * @throws ConfigException listing every problem
     */
    public static ButlerConfig parse(String text, String source, Function<String, String> env) {
        return parse(text, source, env, new Options(true, false));
    }

    /**
     * Parses YAML text.
     *
     * @param text the text
     * @param source the name shown in messages
     * @param env environment lookup: the variable's value, or null when unset
     * @param options what to read and check
     * @return the configuration
     * @throws ConfigException listing every problem
     */
    public static ButlerConfig parse(String text, String source, Function<String, String> env, Options options) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(env, "env");
        Problems problems = new Problems();
        Node root = YamlReader.compose(text, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems.sorted());
        }
        if (root != null) {
            TreeChecker.check(root, problems);
        }
        ButlerConfig config = new Binder(text, problems, env, options.allParts(), options.checkFiles()).bind(root);
        if (config == null || !problems.isEmpty()) {
            throw new ConfigException(source, problems.sorted());
        }
        return config;
    }
}
