package io.butlermqtt.internal.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads the PEM blocks of a file named by a setting, with errors that name the setting, the file and the reason. */
final class PemFile {

    /** Larger files are certainly not PEM certificates or keys. */
    static final long MAX_SIZE_BYTES = 1024 * 1024;

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    /** One {@code -----BEGIN type-----} block: its type, RFC 1421 headers (if any) and decoded bytes. */
    record Block(String type, Map<String, String> headers, byte[] der, int line) {
    }

    private final String setting;
    private final Path file;
    private final List<Block> blocks;

    private PemFile(String setting, Path file, List<Block> blocks) {
        this.setting = setting;
        this.file = file;
        this.blocks = blocks;
    }

    static PemFile read(String setting, Path file) {
        if (Files.isDirectory(file)) {
            throw new TlsSetupException(setting, file, "is a directory; expected a PEM file", null);
        }
        if (!Files.exists(file)) {
            throw new TlsSetupException(setting, file, "file not found (working directory "
                    + Path.of("").toAbsolutePath() + ")", null);
        }
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_SIZE_BYTES) {
                throw new TlsSetupException(setting, file, "is " + size + " bytes; expected a PEM file of at most "
                        + MAX_SIZE_BYTES + " bytes", null);
            }
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (AccessDeniedException e) {
            throw new TlsSetupException(setting, file, "cannot be read: permission denied for user "
                    + System.getProperty("user.name"), e);
        } catch (NoSuchFileException e) {
            throw new TlsSetupException(setting, file, "file not found", e);
        } catch (IOException e) {
            throw new TlsSetupException(setting, file, "cannot be read: " + e, e);
        }
        return new PemFile(setting, file, parse(setting, file, text));
    }

    private static List<Block> parse(String setting, Path file, String text) {
        List<Block> out = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        int i = 0;
        while (i < lines.length) {
            String line = lines[i].strip();
            if (!(line.startsWith(BEGIN) && line.endsWith(DASHES) && line.length() > BEGIN.length() + DASHES.length())) {
                i++;
                continue;
            }
            int beginLine = i + 1;
            String type = line.substring(BEGIN.length(), line.length() - DASHES.length());
            String endMarker = END + type + DASHES;
            Map<String, String> headers = new LinkedHashMap<>();
            StringBuilder base64 = new StringBuilder();
            i++;
            boolean ended = false;
            while (i < lines.length) {
                String l = lines[i].strip();
                i++;
                if (l.equals(endMarker)) {
                    ended = true;
                    break;
                }
                if (l.startsWith(END) || l.startsWith(BEGIN)) {
                    throw new TlsSetupException(setting, file, "the " + type + " block starting at line " + beginLine
                            + " ends with \"" + l + "\" at line " + i + "; expected \"" + endMarker + "\"", null);
                }
                int colon = l.indexOf(':');
                if (base64.length() == 0 && colon > 0) {
                    headers.put(l.substring(0, colon).strip(), l.substring(colon + 1).strip());
                } else {
                    base64.append(l);
                }
            }
            if (!ended) {
                throw new TlsSetupException(setting, file, "the " + type + " block starting at line " + beginLine
                        + " has no \"" + endMarker + "\" line; the file looks truncated", null);
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(base64.toString());
            } catch (IllegalArgumentException e) {
                throw new TlsSetupException(setting, file, "the " + type + " block starting at line " + beginLine
                        + " is not valid Base64: " + e.getMessage(), e);
            }
            out.add(new Block(type, Map.copyOf(headers), der, beginLine));
        }
        return List.copyOf(out);
    }

    String setting() {
        return setting;
    }

    Path file() {
        return file;
    }

    List<Block> blocks() {
        return blocks;
    }

    List<Block> blocksOfType(String type) {
        return blocks.stream().filter(b -> b.type().equals(type)).collect(Collectors.toList());
    }

    /** For messages: which block types the file holds, e.g. {@code "CERTIFICATE x2, PRIVATE KEY"}. */
    String describeContent() {
        if (blocks.isEmpty()) {
            return "no PEM block (no \"-----BEGIN ...-----\" line)";
        }
        Map<String, Long> counts = blocks.stream()
                .collect(Collectors.groupingBy(Block::type, LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream()
                .map(e -> e.getKey() + (e.getValue() > 1 ? " x" + e.getValue() : ""))
                .collect(Collectors.joining(", "));
    }

    TlsSetupException error(String reason, Throwable cause) {
        return new TlsSetupException(setting, file, reason, cause);
    }
}
