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
     * Loads a file.
     *
     * @param file the file
     * @param env environment lookup: the variable's value, or null when unset
     * @return the configuration
     * @throws ConfigException listing every problem
     */
    public static ButlerConfig load(Path file, Function<String, String> env) {
        Objects.requireNonNull(file, "file");
        Problems problems = new Problems();
        String text = YamlReader.readFile(file, problems);
        if (text == null) {
            throw new ConfigException(file.toString(), problems.sorted());
        }
        return parse(text, file.toString(), env);
    }

    /**
     * Parses YAML text.
     *
     * @param text the text
     * @param source the name shown in messages
     * @param env environment lookup: the variable's value, or null when unset
     * @return the configuration
     * @throws ConfigException listing every problem
     */
    public static ButlerConfig parse(String text, String source, Function<String, String> env) {
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
        ButlerConfig config = new Binder(text, problems, env).bind(root);
        if (config == null || !problems.isEmpty()) {
            throw new ConfigException(source, problems.sorted());
        }
        return config;
    }
}
