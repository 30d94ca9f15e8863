package io.butlermqtt;

import io.butlermqtt.event.CustomProperty;
import io.butlermqtt.event.ReloadTaskAborted;
import io.butlermqtt.event.ReloadTaskFailed;
import io.butlermqtt.event.ServiceStatus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Realistic sample events and Butler's payloads for them. The expected JSON strings were produced
 * once by Node.js ({@code JSON.stringify}, as Butler does) over the same data and pasted here:
 * they are not produced by this project's writer.
 */
final class SampleEvents {

    static final String HOST = "qs-node-01.corp.example.com";
    /** As the log appender delivers it: a doubled backslash. */
    static final String USER_AS_RECEIVED = "DOMAIN\\\\svc_qlik";
    static final String TASK_NAME = "Reload F\u00f6rs\u00e4ljning \ud83d\udcca";
    static final String APP_NAME = "F\u00f6rs\u00e4ljning \u00d6versikt \u2013 Nordic";
    static final String TASK_ID = "e3b27f50-d2d9-4ed8-9c7e-2b1b3f5f0b6c";
    static final String APP_ID = "7a6f5e4d-3c2b-4a19-8f7e-6d5c4b3a2910";
    static final String LOG_MESSAGE = "Execution failed: \"Field 'Amount' not found\";\r\n\tLOAD Amount FROM "
            + "[lib://Data/sales.qvd] (qvd);\nbell\u0007 \u00e9";

    private SampleEvents() {
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static List<Object> list(Object... items) {
        return new ArrayList<>(Arrays.asList(items));
    }

    /** A QRS reload task record (reloadtask/full), nested maps in lists in maps, numbers, booleans, nulls. */
    static Map<String, Object> taskMetadata() {
        return map(
                "id", TASK_ID,
                "createdDate", "2024-03-01T08:12:45.123Z",
                "modifiedDate", "2025-01-15T10:01:02.456Z",
                "modifiedByUserName", "DOMAIN\\svc_qlik",
                "customProperties", list(map(
                        "id", "5f0c3a2e-8e4b-4a8e-9a51-0c6f1d2b7a11",
                        "createdDate", "2024-03-01T08:12:45.123Z",
                        "value", "Finance",
                        "definition", map("id", "a1b2c3d4-0000-4000-8000-00000000c0de", "name", "Department",
                                "valueType", "Text", "choiceValues", list("Finance", "Sales", "Supply/Chain"),
                                "privileges", null),
                        "schemaPath", "CustomPropertyValue")),
                "app", map("id", APP_ID, "name", APP_NAME, "appId", "",
                        "publishTime", "2025-01-10T07:00:00.000Z", "published", true,
                        "stream", map("id", "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", "name", "Ekonomi/Finans",
                                "privileges", null),
                        "savedInProductVersion", "14.187.4", "availabilityStatus", 0, "privileges", null),
                "isManuallyTriggered", false,
                "operational", map(
                        "id", "0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a",
                        "lastExecutionResult", map(
                                "id", "11111111-2222-4333-8444-555555555555",
                                "executingNodeName", HOST,
                                "status", 8,
                                "startTime", "2025-01-15T10:00:01.000Z",
                                "stopTime", "2025-01-15T10:01:14.512Z",
                                "duration", 73512L,
                                "fileReferenceID", "00000000-0000-0000-0000-000000000000",
                                "scriptLogAvailable", true,
                                "details", list(
                                        map("id", "21d8a5a4-3f0e-4d9b-9b1c-1e2f3a4b5c6d", "detailsType", 2,
                                                "message", "Changing task state from NeverStarted to Triggered",
                                                "detailCreatedDate", "2025-01-15T10:00:00.870Z", "privileges", null),
                                        map("id", "31d8a5a4-3f0e-4d9b-9b1c-1e2f3a4b5c6d", "detailsType", 1,
                                                "message", "Error: Field 'Amount' not found\r\nat \"LOAD Amount\";",
                                                "detailCreatedDate", "2025-01-15T10:01:14.512Z", "privileges", null)),
                                "scriptLogLocation", "C:\\ProgramData\\Qlik\\Sense\\Log\\Script\\7a6f5e4d.log",
                                "scriptLogSize", 10482,
                                "privileges", null),
                        "nextExecution", "1753-01-01T00:00:00.000Z",
                        "privileges", null),
                "name", TASK_NAME,
                "taskType", 0, "enabled", true, "taskSessionTimeout", 1440, "maxRetries", -1,
                "progress", 0.75, "ratio", 1.5e-7,
                "tags", list(map("id", "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", "name", "Finance", "privileges", null)),
                "privileges", null,
                "schemaPath", "ReloadTask");
    }

    static Map<String, Object> appMetadata() {
        return map("id", APP_ID, "name", APP_NAME,
                "tags", list(map("id", "c0ffee00-0000-4000-8000-000000000001", "name", "Nordic")),
                "fileSize", 52428800L, "published", true, "stream", null);
    }

    static ReloadTaskFailed.Builder failed() {
        return ReloadTaskFailed.builder()
                .hostName(HOST).user(USER_AS_RECEIVED).taskName(TASK_NAME).taskId(TASK_ID)
                .appName(APP_NAME).appId(APP_ID).logTimeStamp("20250115T100114.512+0100").logLevel("ERROR")
                .executionId("9c1f0e2d-3b4a-4c5d-8e6f-7a8b9c0d1e2f").logMessage(LOG_MESSAGE)
                .appTags(List.of("Nordic", "Ekonomi/Finans"))
                .appCustomProperties(List.of(new CustomProperty("Department", "Finance"),
                        new CustomProperty("Region", "Norden")))
                .taskTags(List.of("Finance"))
                .taskCustomProperties(List.of(new CustomProperty("Department", "Finance")))
                .appMetadata(appMetadata())
                .taskMetadata(taskMetadata());
    }

    static ReloadTaskAborted.Builder aborted() {
        return ReloadTaskAborted.builder()
                .hostName(HOST).user(USER_AS_RECEIVED).taskName(TASK_NAME).taskId(TASK_ID)
                .appName(APP_NAME).appId(APP_ID).logTimeStamp("20250115T100114.512+0100").logLevel("ERROR")
                .executionId("9c1f0e2d-3b4a-4c5d-8e6f-7a8b9c0d1e2f").logMessage(LOG_MESSAGE)
                .appTags(List.of("Nordic", "Ekonomi/Finans"))
                .appCustomProperties(List.of(new CustomProperty("Department", "Finance"),
                        new CustomProperty("Region", "Norden")))
                .taskTags(List.of("Finance"))
                .taskCustomProperties(List.of(new CustomProperty("Department", "Finance")))
                .appMetadata(appMetadata())
                .taskMetadata(taskMetadata());
    }

    static ServiceStatus.Builder service(String status, String prevStatus, boolean changed) {
        return ServiceStatus.builder()
                .serviceHost("qs-node-01").serviceName("QlikSenseEngineService")
                .serviceFriendlyName("Qlik Sense Engine \u2013 Motor")
                .serviceDisplayName("Qlik Sense Engine Service")
                .serviceDependencies(List.of("Netlogon", "HTTP"))
                .serviceStartType("Automatic")
                .serviceExePath("\"C:\\Program Files\\Qlik\\Sense\\Engine\\Engine.exe\" -S \"/node\"")
                .serviceStatus(status).servicePrevStatus(prevStatus).serviceStatusChanged(changed);
    }

    /** Butler's failed payload (2821 bytes), from JSON.stringify in Node.js over the same data. */
    static final String FAILED_JSON = ""
            + "{\"hostName\":\"qs-node-01.corp.example.com\",\"user\":\"DOMAIN\\\\svc_qlik\",\"taskName\":\"Reload Försäljning 📊\","
            + "\"taskId\":\"e3b27f50-d2d9-4ed8-9c7e-2b1b3f5f0b6c\",\"appName\":\"Försäljning Översikt – Nordic\","
            + "\"appId\":\"7a6f5e4d-3c2b-4a19-8f7e-6d5c4b3a2910\",\"logTimeStamp\":\"20250115T100114.512+0100\","
            + "\"logLevel\":\"ERROR\",\"executionId\":\"9c1f0e2d-3b4a-4c5d-8e6f-7a8b9c0d1e2f\",\"logMessage\":\"Execution failed: \\\"Field 'Amount' not found\\\";\\r\\n\\tLOAD Amount FROM ["
            + "lib://Data/sales.qvd] (qvd);\\nbell\\u0007 é\",\"qs_appTags\":[\"Nordic\",\"Ekonomi/Finans\"],"
            + "\"qs_appCustomProperties\":[{\"name\":\"Department\",\"value\":\"Finance\"},{\"name\":\"Region\","
            + "\"value\":\"Norden\"}],\"qs_taskTags\":[\"Finance\"],\"qs_taskCustomProperties\":[{\"name\":\"Department\","
            + "\"value\":\"Finance\"}],\"qs_taskMetadata\":{\"id\":\"e3b27f50-d2d9-4ed8-9c7e-2b1b3f5f0b6c\","
            + "\"createdDate\":\"2024-03-01T08:12:45.123Z\",\"modifiedDate\":\"2025-01-15T10:01:02.456Z\","
            + "\"modifiedByUserName\":\"DOMAIN\\\\svc_qlik\",\"customProperties\":[{\"id\":\"5f0c3a2e-8e4b-4a8e-9a51-0c6f1d2b7a11\","
            + "\"createdDate\":\"2024-03-01T08:12:45.123Z\",\"value\":\"Finance\",\"definition\":{\"id\":\"a1b2c3d4-0000-4000-8000-00000000c0de\","
            + "\"name\":\"Department\",\"valueType\":\"Text\",\"choiceValues\":[\"Finance\",\"Sales\",\"Supply/Chain\"],"
            + "\"privileges\":null},\"schemaPath\":\"CustomPropertyValue\"}],\"app\":{\"id\":\"7a6f5e4d-3c2b-4a19-8f7e-6d5c4b3a2910\","
            + "\"name\":\"Försäljning Översikt – Nordic\",\"appId\":\"\",\"publishTime\":\"2025-01-10T07:00:00.000Z\","
            + "\"published\":true,\"stream\":{\"id\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\",\"name\":\"Ekonomi/Finans\","
            + "\"privileges\":null},\"savedInProductVersion\":\"14.187.4\",\"availabilityStatus\":0,\"privileges\":null},"
            + "\"isManuallyTriggered\":false,\"operational\":{\"id\":\"0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a\","
            + "\"lastExecutionResult\":{\"id\":\"11111111-2222-4333-8444-555555555555\",\"executingNodeName\":\"qs-node-01.corp.example.com\","
            + "\"status\":8,\"startTime\":\"2025-01-15T10:00:01.000Z\",\"stopTime\":\"2025-01-15T10:01:14.512Z\","
            + "\"duration\":73512,\"fileReferenceID\":\"00000000-0000-0000-0000-000000000000\",\"scriptLogAvailable\":true,"
            + "\"details\":[{\"id\":\"21d8a5a4-3f0e-4d9b-9b1c-1e2f3a4b5c6d\",\"detailsType\":2,\"message\":\"Changing task state from NeverStarted to Triggered\","
            + "\"detailCreatedDate\":\"2025-01-15T10:00:00.870Z\",\"privileges\":null},{\"id\":\"31d8a5a4-3f0e-4d9b-9b1c-1e2f3a4b5c6d\","
            + "\"detailsType\":1,\"message\":\"Error: Field 'Amount' not found\\r\\nat \\\"LOAD Amount\\\";\","
            + "\"detailCreatedDate\":\"2025-01-15T10:01:14.512Z\",\"privileges\":null}],\"scriptLogLocation\":\"C:\\\\ProgramData\\\\Qlik\\\\Sense\\\\Log\\\\Script\\\\7a6f5e4d.log\","
            + "\"scriptLogSize\":10482,\"privileges\":null},\"nextExecution\":\"1753-01-01T00:00:00.000Z\","
            + "\"privileges\":null},\"name\":\"Reload Försäljning 📊\",\"taskType\":0,\"enabled\":true,\"taskSessionTimeout\":1440,"
            + "\"maxRetries\":-1,\"progress\":0.75,\"ratio\":1.5e-7,\"tags\":[{\"id\":\"9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a\","
            + "\"name\":\"Finance\",\"privileges\":null}],\"privileges\":null,\"schemaPath\":\"ReloadTask\"}}";

    /** Butler's aborted payload (3050 bytes), from JSON.stringify in Node.js over the same data. */
    static final String ABORTED_JSON = ""
            + "{\"hostName\":\"qs-node-01.corp.example.com\",\"user\":\"DOMAIN\\\\svc_qlik\",\"taskName\":\"Reload Försäljning 📊\","
            + "\"taskId\":\"e3b27f50-d2d9-4ed8-9c7e-2b1b3f5f0b6c\",\"appName\":\"Försäljning Översikt – Nordic\","
            + "\"appId\":\"7a6f5e4d-3c2b-4a19-8f7e-6d5c4b3a2910\",\"logTimeStamp\":\"20250115T100114.512+0100\","
            + "\"logLevel\":\"ERROR\",\"executionId\":\"9c1f0e2d-3b4a-4c5d-8e6f-7a8b9c0d1e2f\",\"logMessage\":\"Execution failed: \\\"Field 'Amount' not found\\\";\\r\\n\\tLOAD Amount FROM ["
            + "lib://Data/sales.qvd] (qvd);\\nbell\\u0007 é\",\"qs_appTags\":[\"Nordic\",\"Ekonomi/Finans\"],"
            + "\"qs_appCustomProperties\":[{\"name\":\"Department\",\"value\":\"Finance\"},{\"name\":\"Region\","
            + "\"value\":\"Norden\"}],\"qs_taskTags\":[\"Finance\"],\"qs_taskCustomProperties\":[{\"name\":\"Department\","
            + "\"value\":\"Finance\"}],\"qs_appMetadata\":{\"id\":\"7a6f5e4d-3c2b-4a19-8f7e-6d5c4b3a2910\","
            + "\"name\":\"Försäljning Översikt – Nordic\",\"tags\":[{\"id\":\"c0ffee00-0000-4000-8000-000000000001\","
            + "\"name\":\"Nordic\"}],\"fileSize\":52428800,\"published\":true,\"stream\":null},\"qs_taskMetadata\":{"
            + "\"id\":\"e3b27f50-d2d9-4ed8-9c7e-2b1b3f5f0b6c\",\"createdDate\":\"2024-03-01T08:12:45.123Z\","
            + "\"modifiedDate\":\"2025-01-15T10:01:02.456Z\",\"modifiedByUserName\":\"DOMAIN\\\\svc_qlik\","
            + "\"customProperties\":[{\"id\":\"5f0c3a2e-8e4b-4a8e-9a51-0c6f1d2b7a11\",\"createdDate\":\"2024-03-01T08:12:45.123Z\","
            + "\"value\":\"Finance\",\"definition\":{\"id\":\"a1b2c3d4-0000-4000-8000-00000000c0de\",\"name\":\"Department\","
            + "\"valueType\":\"Text\",\"choiceValues\":[\"Finance\",\"Sales\",\"Supply/Chain\"],\"privileges\":null},"
            + "\"schemaPath\":\"CustomPropertyValue\"}],\"app\":{\"id\":\"7a6f5e4d-3c2b-4a19-8f7e-6d5c4b3a2910\","
            + "\"name\":\"Försäljning Översikt – Nordic\",\"appId\":\"\",\"publishTime\":\"2025-01-10T07:00:00.000Z\","
            + "\"published\":true,\"stream\":{\"id\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\",\"name\":\"Ekonomi/Finans\","
            + "\"privileges\":null},\"savedInProductVersion\":\"14.187.4\",\"availabilityStatus\":0,\"privileges\":null},"
            + "\"isManuallyTriggered\":false,\"operational\":{\"id\":\"0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a\","
            + "\"lastExecutionResult\":{\"id\":\"11111111-2222-4333-8444-555555555555\",\"executingNodeName\":\"qs-node-01.corp.example.com\","
            + "\"status\":8,\"startTime\":\"2025-01-15T10:00:01.000Z\",\"stopTime\":\"2025-01-15T10:01:14.512Z\","
            + "\"duration\":73512,\"fileReferenceID\":\"00000000-0000-0000-0000-000000000000\",\"scriptLogAvailable\":true,"
            + "\"details\":[{\"id\":\"21d8a5a4-3f0e-4d9b-9b1c-1e2f3a4b5c6d\",\"detailsType\":2,\"message\":\"Changing task state from NeverStarted to Triggered\","
            + "\"detailCreatedDate\":\"2025-01-15T10:00:00.870Z\",\"privileges\":null},{\"id\":\"31d8a5a4-3f0e-4d9b-9b1c-1e2f3a4b5c6d\","
            + "\"detailsType\":1,\"message\":\"Error: Field 'Amount' not found\\r\\nat \\\"LOAD Amount\\\";\","
            + "\"detailCreatedDate\":\"2025-01-15T10:01:14.512Z\",\"privileges\":null}],\"scriptLogLocation\":\"C:\\\\ProgramData\\\\Qlik\\\\Sense\\\\Log\\\\Script\\\\7a6f5e4d.log\","
            + "\"scriptLogSize\":10482,\"privileges\":null},\"nextExecution\":\"1753-01-01T00:00:00.000Z\","
            + "\"privileges\":null},\"name\":\"Reload Försäljning 📊\",\"taskType\":0,\"enabled\":true,\"taskSessionTimeout\":1440,"
            + "\"maxRetries\":-1,\"progress\":0.75,\"ratio\":1.5e-7,\"tags\":[{\"id\":\"9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a\","
            + "\"name\":\"Finance\",\"privileges\":null}],\"privileges\":null,\"schemaPath\":\"ReloadTask\"}}";

    /** Butler's stopped payload (412 bytes), from JSON.stringify in Node.js over the same data. */
    static final String STOPPED_JSON = ""
            + "{\"serviceHost\":\"qs-node-01\",\"serviceName\":\"QlikSenseEngineService\",\"serviceFriendlyName\":\"Qlik Sense Engine – Motor\","
            + "\"serviceDisplayName\":\"Qlik Sense Engine Service\",\"serviceDependencies\":[\"Netlogon\","
            + "\"HTTP\"],\"serviceStartType\":\"Automatic\",\"serviceExePath\":\"\\\"C:\\\\Program Files\\\\Qlik\\\\Sense\\\\Engine\\\\Engine.exe\\\" -S \\\"/node\\\"\","
            + "\"serviceStatus\":\"STOPPED\",\"servicePrevStatus\":\"RUNNING\",\"serviceStatusChanged\":true}";

    /** Butler's running payload (412 bytes), from JSON.stringify in Node.js over the same data. */
    static final String RUNNING_JSON = ""
            + "{\"serviceHost\":\"qs-node-01\",\"serviceName\":\"QlikSenseEngineService\",\"serviceDisplayName\":\"Qlik Sense Engine Service\","
            + "\"serviceFriendlyName\":\"Qlik Sense Engine – Motor\",\"serviceDependencies\":[\"Netlogon\","
            + "\"HTTP\"],\"serviceStartType\":\"Automatic\",\"serviceExePath\":\"\\\"C:\\\\Program Files\\\\Qlik\\\\Sense\\\\Engine\\\\Engine.exe\\\" -S \\\"/node\\\"\","
            + "\"serviceStatus\":\"RUNNING\",\"servicePrevStatus\":\"STOPPED\",\"serviceStatusChanged\":true}";

    /** Butler's status payload (354 bytes), from JSON.stringify in Node.js over the same data. */
    static final String STATUS_JSON = ""
            + "{\"serviceHost\":\"qs-node-01\",\"serviceName\":\"QlikSenseEngineService\",\"serviceDisplayName\":\"Qlik Sense Engine Service\","
            + "\"serviceFriendlyName\":\"Qlik Sense Engine – Motor\",\"serviceDependencies\":[\"Netlogon\","
            + "\"HTTP\"],\"serviceStartType\":\"Automatic\",\"serviceExePath\":\"\\\"C:\\\\Program Files\\\\Qlik\\\\Sense\\\\Engine\\\\Engine.exe\\\" -S \\\"/node\\\"\","
            + "\"serviceStatus\":\"STOPPED\"}";

    /** Butler's license payload (74 bytes), from JSON.stringify in Node.js over the same data. */
    static final String LICENSE_JSON = ""
            + "{\"licenseExpired\":false,\"expiryDateStr\":\"2026-12-31\",\"daysUntilExpiry\":30}";
}
