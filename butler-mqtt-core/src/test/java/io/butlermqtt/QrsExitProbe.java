package io.butlermqtt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Run in a child JVM by {@link QrsClientExitIT}: makes a QRS client do its work, then returns from
 * {@code main}. The child JVM must then end by itself: no thread of the client may keep it alive.
 *
 * <p>Arguments: host, port, client certificate, key, CA, then {@code close} or {@code no-close}, then
 * {@code answered} (wait for the answers) or {@code pending} (return while requests and retries are under
 * way).
 */
public final class QrsExitProbe {

    private QrsExitProbe() {
    }

    public static void main(String[] args) throws Exception {
        QrsSettings settings = QrsSettings.builder().host(args[0]).port(Integer.parseInt(args[1]))
                .clientCertFile(Path.of(args[2])).clientKeyFile(Path.of(args[3])).caFile(Path.of(args[4]))
                .retryBudget(Duration.ofSeconds(60)).build();
        QrsClient qrs = QrsClient.create(settings);
        UUID task = UUID.fromString("0b3c7a1e-1111-4a2b-9c3d-4e5f6a7b8c9d");
        var lookup = qrs.lookupReloadTask(task, "7a8b9c0d-2222-4e1f-8a2b-3c4d5e6f7a8b");
        var start = qrs.startTask(task);
        if (args[6].equals("answered")) {
            System.out.println("lookup " + lookup.get(60, TimeUnit.SECONDS).status());
            System.out.println("start " + start.get(60, TimeUnit.SECONDS).outcome());
        }
        if (args[5].equals("close")) {
            qrs.close();
            System.out.println("closed; lookup " + lookup.get(5, TimeUnit.SECONDS).status());
        }
        System.out.println("main returns");
    }
}
