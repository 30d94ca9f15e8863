package io.butlermqtt.testing;

import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, at the end of a test run, every test that was skipped and why (the assumption's message, or
 * the {@code @Disabled} reason), because Maven's summary only counts them ("Skipped: 3"). Registered
 * through {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public final class SkippedTestsReport implements TestExecutionListener {

    private final List<String> skipped = new ArrayList<>();

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        synchronized (skipped) {
            skipped.clear();
        }
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        add(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            add(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    private void add(TestIdentifier test, String reason) {
        String name = test.getDisplayName();
        var source = test.getSource().orElse(null);
        if (source instanceof MethodSource m) {
            String cls = m.getClassName().substring(m.getClassName().lastIndexOf('.') + 1);
            String method = m.getMethodName();
            name = name.startsWith(method + "(") ? cls + "." + name : cls + "." + method + " " + name;
        } else if (source instanceof ClassSource c) {
            name = c.getClassName().substring(c.getClassName().lastIndexOf('.') + 1);
        }
        synchronized (skipped) {
            skipped.add(name + ": " + (reason == null ? "no reason given" : reason));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        synchronized (skipped) {
            if (skipped.isEmpty()) {
                return;
            }
            StringBuilder sb = new StringBuilder("\nSkipped tests (" + skipped.size() + "), and why:\n");
            for (String s : skipped) {
                sb.append("  - ").append(s).append('\n');
            }
            System.out.print(sb);
            System.out.flush();
        }
    }
}
