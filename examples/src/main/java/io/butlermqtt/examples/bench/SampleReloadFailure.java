package io.butlermqtt.examples.bench;

import io.butlermqtt.event.CustomProperty;
import io.butlermqtt.event.ReloadTaskFailed;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The values of one realistic failed reload, as Butler would see it: made fresh for every event
 * (new execution ID, timestamps, log message, task metadata), with the Qlik Repository Service's
 * task record as nested metadata, so that Butler's full JSON message is about 2.6 KB.
 *
 * @param hostName the Sense node
 * @param user {@code DIRECTORY\\userid}
 * @param taskName the task's name; ends with {@code #<seq>} so benchmarks can tell events apart
 * @param taskId the task's ID
 * @param appName the app's name
 * @param appId the app's ID
 * @param logTimeStamp the scheduler's log time stamp
 * @param logLevel the log level
 * @param executionId the execution ID
 * @param logMessage the scheduler's message (several lines, quotes and {@code ;})
 * @param appTags the app's tags
 * @param appCustomProperties the app's custom properties
 * @param taskTags the task's tags
 * @param taskCustomProperties the task's custom properties
 * @param taskMetadata the QRS task record, nested JSON-like maps and lists
 */
public record SampleReloadFailure(
        String hostName,
        String user,
        String taskName,
        String taskId,
        String appName,
        String appId,
        String logTimeStamp,
        String logLevel,
        String executionId,
        String logMessage,
        List<String> appTags,
        List<CustomProperty> appCustomProperties,
        List<String> taskTags,
        List<CustomProperty> taskCustomProperties,
        Map<String, Object> taskMetadata) {

    private static final DateTimeFormatter LOG_TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String TASK_ID = "d3a1f8c2-5b7e-4f0a-9c61-2e8b4d7a9f13";
    private static final String APP_ID = "7c2e9b41-0d6f-4a8e-b3c5-91f4e2a6d870";
    private static final String STREAM_ID = "aaec8d41-5201-43ab-809f-3063750dfafd";

    /**
     * Makes the values of event number {@code seq}, fresh.
     *
     * @param seq a sequence number, carried in the task name as {@code #<seq>}
     * @return new values
     */
    public static SampleReloadFailure next(long seq) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        Instant now = Instant.now();
        Instant started = now.minusMillis(60_000 + rnd.nextInt(240_000));
        String executionId = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
        String taskName = "Reload of Sales dashboard (EMEA) #" + seq;
        String logMessage = "Task finished with state FinishedFail\r\nError: Field 'Region' not found;"
                + " line 42 of script \"Load Sales\"\r\nExecution " + executionId + " failed after "
                + (now.toEpochMilli() - started.toEpochMilli()) + " ms";
        return new SampleReloadFailure(
                "sense-central-01.corp.example.com",
                "CORP\\svc_qlik",
                taskName,
                TASK_ID,
                "Sales dashboard (EMEA)",
                APP_ID,
                LOG_TS.format(now),
                "ERROR",
                executionId,
                logMessage,
                List.of("Finance", "EMEA", "Daily"),
                List.of(prop("AppOwner", "jane.doe"), prop("Criticality", "High")),
                List.of("Nightly", "Sales"),
                List.of(prop("Alert", "Email"), prop("TeamsChannel", "qlik-alerts"), prop("SLA", "08:00")),
                taskMetadata(seq, taskName, executionId, started, now, rnd.nextInt(1_000_000)));
    }

    private static CustomProperty prop(String name, String value) {
        return new CustomProperty(name, value);
    }

    private static Map<String, Object> taskMetadata(long seq, String taskName, String executionId,
            Instant started, Instant stopped, int logSize) {
        DateTimeFormatter isoF = ISO;

        Map<String, Object> stream = new LinkedHashMap<>();
        stream.put("id", STREAM_ID);
        stream.put("name", "Finance");

        Map<String, Object> app = new LinkedHashMap<>();
        app.put("id", APP_ID);
        app.put("name", "Sales dashboard (EMEA)");
        app.put("publishTime", "2024-03-18T09:12:44.810Z");
        app.put("published", true);
        app.put("stream", stream);
        app.put("savedInProductVersion", "14.187.4");

        List<Object> details = new ArrayList<>();
        String[] messages = {"Changing task state from NeverStarted to Triggered",
            "Reference to scriptlog: \\\\sense-central-01\\QlikShare\\ArchivedLogs\\" + executionId + ".log",
            "Changing task state from Started to FinishedFail"};
        for (int i = 0; i < messages.length; i++) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", new UUID(seq, i).toString());
            d.put("detailsType", i == messages.length - 1 ? 2 : 1);
            d.put("message", messages[i]);
            d.put("detailCreatedDate", isoF.format(started.plusMillis(i * 250L)));
            details.add(d);
        }

        Map<String, Object> lastResult = new LinkedHashMap<>();
        lastResult.put("id", executionId);
        lastResult.put("executingNodeName", "sense-central-01");
        lastResult.put("status", 8);
        lastResult.put("startTime", isoF.format(started));
        lastResult.put("stopTime", isoF.format(stopped));
        lastResult.put("duration", stopped.toEpochMilli() - started.toEpochMilli());
        lastResult.put("scriptLogAvailable", true);
        lastResult.put("details", details);
        lastResult.put("scriptLogLocation", executionId + ".log");
        lastResult.put("scriptLogSize", logSize);
        lastResult.put("privileges", null);

        Map<String, Object> nextExecution = new LinkedHashMap<>();
        nextExecution.put("id", "4b8b0e0a-8c1d-4f57-a3b2-0f7b1c3e5d21");
        nextExecution.put("nextExecution", "1753-01-01T00:00:00.000Z");
        nextExecution.put("privileges", null);

        Map<String, Object> operational = new LinkedHashMap<>();
        operational.put("id", "6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9");
        operational.put("lastExecutionResult", lastResult);
        operational.put("nextExecution", "1753-01-01T00:00:00.000Z");
        operational.put("privileges", null);

        List<Object> tags = new ArrayList<>();
        for (String t : new String[] {"Nightly", "Sales"}) {
            Map<String, Object> tag = new LinkedHashMap<>();
            tag.put("id", UUID.nameUUIDFromBytes(t.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
            tag.put("name", t);
            tags.add(tag);
        }

        Map<String, Object> task = new LinkedHashMap<>();
        task.put("id", TASK_ID);
        task.put("createdDate", "2023-11-02T14:05:31.417Z");
        task.put("modifiedDate", isoF.format(started.minusSeconds(3600)));
        task.put("customProperties", List.of());
        task.put("app", app);
        task.put("isManuallyTriggered", false);
        task.put("operational", operational);
        task.put("name", taskName);
        task.put("taskType", 0);
        task.put("enabled", true);
        task.put("taskSessionTimeout", 1440);
        task.put("maxRetries", 0);
        task.put("tags", tags);
        task.put("privileges", null);
        task.put("schemaPath", "ReloadTask");
        return task;
    }

    /**
     * Builds the library's event from these values.
     *
     * @return a new event
     */
    public ReloadTaskFailed toEvent() {
        return ReloadTaskFailed.builder()
                .hostName(hostName)
                .user(user)
                .taskName(taskName)
                .taskId(taskId)
                .appName(appName)
                .appId(appId)
                .logTimeStamp(logTimeStamp)
                .logLevel(logLevel)
                .executionId(executionId)
                .logMessage(logMessage)
                .appTags(appTags)
                .appCustomProperties(appCustomProperties)
                .taskTags(taskTags)
                .taskCustomProperties(taskCustomProperties)
                .taskMetadata(taskMetadata)
                .build();
    }

    /**
     * The full payload's fields in Butler's key order, for serialisers that take a map
     * (the Jackson comparison; Jackson writes a {@code CustomProperty} record as
     * {@code {"name":..,"value":..}}).
     *
     * @return a new ordered map
     */
    public Map<String, Object> butlerFullPayload() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hostName", hostName);
        m.put("user", user);
        m.put("taskName", taskName);
        m.put("taskId", taskId);
        m.put("appName", appName);
        m.put("appId", appId);
        m.put("logTimeStamp", logTimeStamp);
        m.put("logLevel", logLevel);
        m.put("executionId", executionId);
        m.put("logMessage", logMessage);
        m.put("qs_appTags", appTags);
        m.put("qs_appCustomProperties", appCustomProperties);
        m.put("qs_taskTags", taskTags);
        m.put("qs_taskCustomProperties", taskCustomProperties);
        m.put("qs_taskMetadata", taskMetadata);
        return m;
    }
}
