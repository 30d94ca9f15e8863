package io.butlermqtt.yaml.internal;

import io.butlermqtt.yaml.ConfigProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;

/** Collects problems while a file is read; caps their number so a hostile file cannot flood the message. */
public final class Problems {

    /** Most problems listed; the rest are counted. */
    static final int MAX_LISTED = 100;

    private final List<ConfigProblem> list = new ArrayList<>();
    private int dropped;

    /**
     * Adds a problem.
     *
     * @param path dotted key path, or empty
     * @param mark SnakeYAML's 0-based mark, or null when unknown
     * @param message what is wrong
     */
    public void add(String path, Mark mark, String message) {
        add(path, mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1, message);
    }

    /**
     * Adds a problem.
     *
     * @param path dotted key path, or empty
     * @param line 1-based line, 0 when unknown
     * @param column 1-based column, 0 when unknown
     * @param message what is wrong
     */
    public void add(String path, int line, int column, String message) {
        if (list.size() >= MAX_LISTED) {
            dropped++;
            return;
        }
        // a hostile file can make a key (and so a path) or a value megabytes long, or put line breaks in it
        list.add(new ConfigProblem(Texts.oneLine(path, Texts.MAX_PATH), line, column,
                Texts.oneLine(message, Texts.MAX_MESSAGE)));
    }

    /** @return whether nothing was reported */
    public boolean isEmpty() {
        return list.isEmpty();
    }

    /**
     * @param path a dotted key path
     * @return whether a problem was reported for exactly this path
     */
    public boolean hasProblemAt(String path) {
        for (ConfigProblem p : list) {
            if (p.path().equals(path)) {
                return true;
            }
        }
        return false;
    }

    /** @return the problems ordered by line and column, unknown positions last, plus a note on dropped ones */
    public List<ConfigProblem> sorted() {
        List<ConfigProblem> out = new ArrayList<>(list);
        out.sort(Comparator.comparingInt((ConfigProblem p) -> p.line() == 0 ? Integer.MAX_VALUE : p.line())
                .thenComparingInt(ConfigProblem::column));
        if (dropped > 0) {
            out.add(new ConfigProblem("", 0, 0, "and " + dropped + " more problems (only the first "
                    + MAX_LISTED + " are listed)"));
        }
        return out;
    }
}
