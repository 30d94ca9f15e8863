package io.butlermqtt.yaml.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a file into text and composes text into a SnakeYAML {@link Node} tree, safely: the file
 * size, the number of aliases and the nesting depth are bounded, nothing is ever constructed into
 * Java objects (no constructor runs at all), and every failure becomes a problem with a position.
 */
public final class YamlReader {

    /**
     * Largest accepted file, in bytes (and text, in characters): 1 MiB. Butler's full template is
     * 82 KB; SnakeYAML composes roughly 1 to 5 MB per second, so this bounds the time any accepted
     * file can take.
     */
    public static final int MAX_BYTES = 1024 * 1024;

    /** Most aliases ({@code *name}) accepted in one file, of scalars and collections alike. */
    public static final int MAX_ALIASES = 50;

    /** Deepest nesting of collections accepted. */
    public static final int MAX_DEPTH = 50;

    /**
     * The tag every implicitly typed node gets. The loader types scalars itself (YAML 1.2 rules,
     * see {@link Scalars}), so SnakeYAML's YAML 1.1 resolver is not used; a node whose tag is not
     * this one carried an explicit tag in the file.
     */
    static final Tag IMPLICIT = new Tag("tag:butler-mqtt.io,2025:implicit");

    private YamlReader() {
    }

    /**
     * Reads a UTF-8 file, reporting a missing, unreadable, oversized or non-UTF-8 file.
     *
     * @param file the file
     * @param problems where problems go
     * @return the text, or null when a problem was reported
     */
    public static String readFile(Path file, Problems problems) {
        if (Files.isDirectory(file)) {
            problems.add("", 0, 0, "is a directory, not a YAML file");
            return null;
        }
        if (!Files.exists(file)) {
            problems.add("", 0, 0, "the file does not exist");
            return null;
        }
        if (!Files.isRegularFile(file)) {
            // a FIFO would block the open (and the read) until someone writes to it; a device never ends
            problems.add("", 0, 0, "is not a regular file (a named pipe, device or socket?); expected a YAML file");
            return null;
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                problems.add("", 0, 0, tooLarge(size + " bytes"));
                return null;
            }
            try (InputStream in = Files.newInputStream(file)) {
                // Read at most one byte more than allowed: the file may grow, or be a device.
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
        } catch (AccessDeniedException e) {
            problems.add("", 0, 0, "the file cannot be read: permission denied");
            return null;
        } catch (NoSuchFileException e) {
            problems.add("", 0, 0, "the file does not exist");
            return null;
        } catch (IOException e) {
            problems.add("", 0, 0, "the file cannot be read: " + e);
            return null;
        }
        if (bytes.length > MAX_BYTES) {
            problems.add("", 0, 0, tooLarge("more than " + MAX_BYTES + " bytes"));
            return null;
        }
        return decodeUtf8(bytes, problems);
    }

    private static String tooLarge(String size) {
        return "the file is " + size + "; the limit is " + MAX_BYTES + " bytes (1 MiB)";
    }

    private static String decodeUtf8(byte[] bytes, Problems problems) {
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)
                || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF))) {
            problems.add("", 1, 1, "is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8");
            return null;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isUnderflow()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            int offset = in.position();
            out.flip();
            int line = 1;
            int column = 1;
            for (int i = 0; i < out.length(); i++) {
                if (out.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            problems.add("", line, column, String.format(
                    "is not UTF-8 text: byte 0x%02X at offset %d is not valid UTF-8; save the file as UTF-8",
                    bytes[offset] & 0xFF, offset));
            return null;
        }
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * Composes YAML text into a node tree.
     *
     * @param text the YAML text
     * @param problems where problems go
     * @return the root node; null for an empty document or when a problem was reported
     */
    public static Node compose(String text, Problems problems) {
        if (text.length() > MAX_BYTES) {
            problems.add("", 0, 0, "the text is " + text.length() + " characters; the limit is " + MAX_BYTES
                    + " (1 MiB)");
            return null;
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false); // checked by the constructor only; TreeChecker checks the tree
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_BYTES);
        options.setProcessComments(false);
        options.setMergeOnCompose(false);
        CountingParser parser = new CountingParser(new ParserImpl(new StreamReader(text), options));
        try {
            return new Composer(parser, new ImplicitResolver(), options).getSingleNode();
        } catch (LimitException e) {
            problems.add("", e.mark, e.getMessage());
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.add("", m, syntaxMessage(e));
        } catch (ReaderException e) {
            int[] lc = lineColumnOfCodePoint(text, e.getPosition());
            problems.add("", lc[0], lc[1], String.format(
                    "character U+%04X is not allowed in YAML (control characters other than tab and newline)",
                    e.getCodePoint()));
        } catch (YAMLException e) {
            String m = String.valueOf(e.getMessage());
            if (m.startsWith("Nesting Depth exceeded")) {
                problems.add("", parser.lastMark, "collections are nested deeper than " + MAX_DEPTH
                        + " levels, the limit for a configuration file");
            } else if (m.startsWith("Number of aliases")) {
                problems.add("", parser.lastMark, aliasMessage());
            } else if (m.contains("exceeds the limit")) {
                problems.add("", 0, 0, "the text is longer than " + MAX_BYTES + " characters, the limit");
            } else {
                problems.add("", parser.lastMark, "invalid YAML: " + m);
            }
        }
        return null;
    }

    private static String aliasMessage() {
        return "more than " + MAX_ALIASES + " aliases (*name) in the file; the limit guards against alias"
                + " bombs (\"billion laughs\")";
    }

    private static String syntaxMessage(MarkedYAMLException e) {
        StringBuilder sb = new StringBuilder("invalid YAML: ");
        sb.append(e.getProblem() == null ? "syntax error" : e.getProblem());
        if (e.getContext() != null) {
            sb.append(" (").append(e.getContext());
            Mark c = e.getContextMark();
            Mark p = e.getProblemMark();
            if (c != null && (p == null || c.getLine() != p.getLine() || c.getColumn() != p.getColumn())) {
                sb.append(" at line ").append(c.getLine() + 1).append(", col ").append(c.getColumn() + 1);
            }
            sb.append(')');
        }
        return sb.toString();
    }

    private static int[] lineColumnOfCodePoint(String text, int codePointIndex) {
        int line = 1;
        int column = 1;
        int cp = 0;
        for (int i = 0; i < text.length() && cp < codePointIndex; cp++) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    /** Gives every implicitly typed node the {@link #IMPLICIT} tag; scalars are typed later. */
    private static final class ImplicitResolver extends Resolver {
        @Override
        public Tag resolve(NodeId kind, String value, boolean implicit) {
            return IMPLICIT;
        }
    }

    /** Thrown when a limit is exceeded while parsing. */
    private static final class LimitException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Mark mark;

        LimitException(String message, Mark mark) {
            super(message, null, false, false);
            this.mark = mark;
        }
    }

    /**
     * Passes events through, remembering the last position (SnakeYAML's limit errors carry none)
     * and counting every alias, of scalars too: SnakeYAML counts aliases of collections only.
     */
    private static final class CountingParser implements Parser {
        private final Parser delegate;
        private int aliases;
        private Mark lastMark;

        CountingParser(Parser delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return delegate.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return delegate.peekEvent();
        }

        @Override
        public Event getEvent() {
            Event e = delegate.getEvent();
            lastMark = e.getStartMark();
            if (e instanceof AliasEvent && ++aliases > MAX_ALIASES) {
                throw new LimitException(aliasMessage(), e.getStartMark());
            }
            return e;
        }
    }
}
