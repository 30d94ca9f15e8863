package io.butlermqtt.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Sample Qlik Cloud webhook events for tests: the JSON files in {@code src/test/resources/qlik-cloud/}
 * (written from Qlik's published field list; tenant {@value #TENANT}) and generated hostile payloads.
 */
public final class QlikCloudSamples {

    /** The tenant ID of the sample events. */
    public static final String TENANT = "T3nant-ABC_123";

    /** A failed reload: every field Butler reads, with Qlik's types. */
    public static final String FAILED = "app-reload-failed.json";
    /** A successful reload ({@code data.status} {@code ok}). */
    public static final String SUCCEEDED = "app-reload-succeeded.json";
    /** A failed partial reload: statements and usage as structures, a number written as 1.07E9. */
    public static final String PARTIAL_FAILED = "app-reload-partial-failed.json";
    /** An app-reload event without {@code data}. */
    public static final String NO_DATA = "app-reload-no-data.json";
    /** A failed reload whose optional fields have the wrong types. */
    public static final String UNEXPECTED_TYPES = "app-reload-unexpected-types.json";
    /** Another event type ({@code com.qlik.v1.app.opened}). */
    public static final String APP_OPENED = "app-opened.json";
    /** A reload event in the CloudEvents 1.0 form ({@code type}, {@code tenantid}) that Butler does not read. */
    public static final String CLOUDEVENTS_1_0 = "cloudevents-1.0-form.json";

    private QlikCloudSamples() {
    }

    /**
     * A sample's text.
     *
     * @param name the file name, e.g. {@link #FAILED}
     * @return the JSON text
     */
    public static String text(String name) {
        try (InputStream in = QlikCloudSamples.class.getResourceAsStream("/qlik-cloud/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A sample as UTF-8 bytes.
     *
     * @param name the file name
     * @return the bytes
     */
    public static byte[] bytes(String name) {
        return text(name).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A sample with its tenant ID replaced.
     *
     * @param name the file name
     * @param tenant the tenant ID to put in
     * @return the bytes
     */
    public static byte[] withTenant(String name, String tenant) {
        return text(name).replace(TENANT, tenant).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The failed-reload sample with a marker in its app name and reload ID, to tell events apart.
     *
     * @param marker any text without quotes or backslashes
     * @return the bytes
     */
    public static byte[] failedWithMarker(String marker) {
        return text(FAILED).replace("Sales dashboard – Nordics", "app-" + marker)
                .replace("c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f", "reload-" + marker)
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A valid failed-reload event of about {@code bytes} bytes: the failed sample with a long error text.
     *
     * @param bytes the size wanted (at least 2 KB)
     * @return the bytes, exactly {@code bytes} long
     */
    public static byte[] failedOfSize(int bytes) {
        String base = text(FAILED).replace("\"warnings\": []", "\"warnings\": [\"\"]");
        int fill = bytes - base.getBytes(StandardCharsets.UTF_8).length;
        if (fill < 0) {
            throw new IllegalArgumentException("at least " + base.length() + " bytes");
        }
        String padded = base.replace("\"warnings\": [\"\"]", "\"warnings\": [\"" + "w".repeat(fill) + "\"]");
        return padded.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A failed-reload event whose {@code data.usage} is nested {@code depth} arrays deep.
     *
     * @param depth levels of nested arrays inside {@code usage}
     * @return the bytes
     */
    public static byte[] deeplyNested(int depth) {
        String nested = "[".repeat(depth) + "]".repeat(depth);
        return text(FAILED).replace("\"usage\": \"ANALYTICS\"", "\"usage\": " + nested)
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The failed-reload sample with bytes that are not UTF-8 in its app name: a lone continuation byte,
     * a truncated 3-byte sequence and an encoded surrogate ({@code ED A0 80}).
     *
     * @return the bytes
     */
    public static byte[] invalidUtf8() {
        byte[] json = text(FAILED).replace("Sales dashboard – Nordics", "Sales@@@").getBytes(StandardCharsets.UTF_8);
        String s = new String(json, StandardCharsets.ISO_8859_1);
        int at = s.indexOf("Sales@@@") + "Sales".length();
        byte[] bad = {(byte) 0x80, (byte) 0xE2, (byte) 0x82, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        byte[] out = new byte[json.length - 3 + bad.length];
        System.arraycopy(json, 0, out, 0, at);
        System.arraycopy(bad, 0, out, at, bad.length);
        System.arraycopy(json, at + 3, out, at + bad.length, json.length - at - 3);
        return out;
    }

    /** The app name {@link #invalidUtf8()} decodes to, as Node.js decodes it. */
    public static final String INVALID_UTF8_APP_NAME = "Sales\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD";
}
