package io.butlermqtt.yaml.internal;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Checks the whole tree, every section included: duplicate keys (SnakeYAML's composer does not
 * check them, and Butler refuses such a file), explicit tags other than YAML's standard ones, and
 * recursive structures. Each node is visited once, so aliases cannot make the walk expensive.
 */
final class TreeChecker {

    /** YAML's standard tags (the types js-yaml, which Butler uses, knows). */
    private static final Set<String> STANDARD_TAGS = Set.of("str", "int", "bool", "null", "float", "map",
            "seq", "binary", "timestamp", "omap", "pairs", "set", "merge");

    private final Problems problems;
    private final Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Node> onPath = Collections.newSetFromMap(new IdentityHashMap<>());

    private TreeChecker(Problems problems) {
        this.problems = problems;
    }

    /**
     * Checks a tree.
     *
     * @param root the root node
     * @param problems where problems go
     */
    static void check(Node root, Problems problems) {
        new TreeChecker(problems).walk(root, PathPart.ROOT, false);
    }

    /**
     * Whether a tag is YAML's own or the implicit marker.
     *
     * @param tag the tag
     * @return true for implicit and standard tags
     */
    static boolean isStandard(Tag tag) {
        if (tag.equals(YamlReader.IMPLICIT)) {
            return true;
        }
        String v = tag.getValue();
        return v.startsWith(Tag.PREFIX) && STANDARD_TAGS.contains(v.substring(Tag.PREFIX.length()));
    }

    /**
     * Shows a tag the way it is usually written.
     *
     * @param tag the tag
     * @return {@code !!str}, {@code !local} or {@code !<uri>}
     */
    static String show(Tag tag) {
        String v = tag.getValue();
        if (v.startsWith(Tag.PREFIX)) {
            return "!!" + v.substring(Tag.PREFIX.length());
        }
        return v.startsWith("!") ? v : "!<" + v + ">";
    }

    /** A key path, rendered only when a problem is reported. */
    private record PathPart(PathPart parent, String key, int index) {
        static final PathPart ROOT = null;

        static String render(PathPart p) {
            if (p == null) {
                return "";
            }
            String head = render(p.parent);
            if (p.key == null) {
                return head + "[" + p.index + "]";
            }
            return head.isEmpty() ? p.key : head + "." + p.key;
        }
    }

    private void walk(Node node, PathPart path, boolean inKey) {
        if (onPath.contains(node)) {
            problems.add(PathPart.render(path), node.getStartMark(), inKey
                    ? "recursive key: a key that contains itself"
                    : "recursive alias: the node contains itself");
            return;
        }
        if (!visited.add(node)) {
            return; // an alias of a node already checked
        }
        if (!isStandard(node.getTag())) {
            problems.add(PathPart.render(path), node.getStartMark(), tagMessage(node.getTag()));
        }
        onPath.add(node);
        if (node instanceof MappingNode) {
            Map<String, ScalarNode> seen = new HashMap<>();
            for (NodeTuple t : ((MappingNode) node).getValue()) {
                Node k = t.getKeyNode();
                PathPart childPath;
                if (k instanceof ScalarNode) {
                    String key = ((ScalarNode) k).getValue();
                    childPath = inKey ? path : new PathPart(path, key, 0);
                    ScalarNode first = seen.putIfAbsent(key, (ScalarNode) k);
                    if (first != null) {
                        problems.add(PathPart.render(childPath), k.getStartMark(), "duplicate key (first at line "
                                + (first.getStartMark().getLine() + 1) + ", col " + (first.getStartMark().getColumn() + 1)
                                + "); keys must be unique, and Butler refuses such a file too");
                    }
                    if (!isStandard(k.getTag())) {
                        problems.add(PathPart.render(childPath), k.getStartMark(), tagMessage(k.getTag()));
                    }
                } else {
                    childPath = path; // a complex key has no path of its own
                    walk(k, childPath, true);
                }
                walk(t.getValueNode(), childPath, inKey);
            }
        } else if (node instanceof SequenceNode) {
            List<Node> items = ((SequenceNode) node).getValue();
            for (int i = 0; i < items.size(); i++) {
                walk(items.get(i), inKey ? path : new PathPart(path, null, i), inKey);
            }
        }
        onPath.remove(node);
    }

    private static String tagMessage(Tag tag) {
        return "explicit tag " + show(tag) + " is not allowed; only YAML's standard tags (such as !!str) are";
    }
}
