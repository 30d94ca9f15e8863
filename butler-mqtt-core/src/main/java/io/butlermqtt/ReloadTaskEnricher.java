package io.butlermqtt;

import io.butlermqtt.event.ReloadTaskAborted;
import io.butlermqtt.event.ReloadTaskFailed;
import io.butlermqtt.event.SenseEvent;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The enrichment stage of the event pipeline: turns a failed or aborted reload reported by the scheduler
 * into the event to publish, typically after asking the Qlik Repository Service (QRS) for the task's and
 * app's tags, custom properties and metadata, as Butler does: {@link #withQrs(QrsClient)}, or
 * {@link #withoutQrs()} when there is no QRS. For your own look-up, start from
 * {@link ReloadTaskNotice#failedBuilder()} / {@link ReloadTaskNotice#abortedBuilder()}, which hold every
 * datagram field, and add the {@code qs_*} parts:
 *
 * <pre>{@code
 * // myQrs.taskTags(UUID) returns a CompletableFuture<List<String>> (your own QRS call)
 * ReloadTaskEnricher enricher = notice -> myQrs.taskTags(notice.taskId())
 *         .thenApply(tags -> Optional.of(notice.kind() == ReloadTaskNotice.Kind.FAILED
 *                 ? notice.failedBuilder().taskTags(tags).build()
 *                 : notice.abortedBuilder().taskTags(tags).build()));
 * }</pre>
 *
 * <p><b>Threads.</b> {@link SenseEventServer} calls {@code enrich} on one of its worker threads; it must
 * not block (return a stage that completes later instead). The stage may complete on any thread; the
 * server hands the result back to a worker thread before calling the listener. At most
 * {@code messageQueue.maxConcurrent} datagrams are processed at once, enrichments still waiting included;
 * an enrichment that takes longer than {@code enrichTimeout} (default 60 s) is given up, counted and
 * logged. A stage that fails, or an exception thrown here, is counted in
 * {@link EventServerStats#enrichmentFailed()} and logged (rate-limited); the datagram is dropped.
 */
@FunctionalInterface
public interface ReloadTaskEnricher {

    /**
     * Completes with the event to publish ({@link ReloadTaskFailed} or {@link ReloadTaskAborted}), or empty to
     * publish nothing (Butler publishes nothing for an unknown task or app, or a task that is not a reload).
     * Must not block; may complete later.
     *
     * @param notice the datagram's fields
     * @return a stage completing with the event, or empty
     */
    CompletionStage<Optional<SenseEvent>> enrich(ReloadTaskNotice notice);

    /**
     * Builds the event from the notice alone, {@code qs_*} fields empty ({@code []} and <code>{}</code>),
     * as the integrator wires when no QRS is configured. Completes at once.
     *
     * @return the enricher
     */
    static ReloadTaskEnricher withoutQrs() {
        return notice -> CompletableFuture.completedFuture(Optional.of(notice.toEvent()));
    }

    /**
     * Butler's enrichment: asks the Qlik Repository Service through {@link QrsClient#lookupReloadTask(java.util.UUID,
     * String)} (the task exists, the task's record, the app's record; cached) and builds the event with the
     * {@code qs_*} parts ({@link ReloadTaskDetails#applyTo(ReloadTaskFailed.Builder)}). As in Butler, an unknown
     * task or app, or a task that is not a reload, publishes nothing (the stage completes empty: counted as
     * {@link EventServerStats#enrichedEmpty()}); unlike Butler, a QRS that cannot answer within
     * {@code retryBudget} still gives the event, with what is known and empty {@code qs_*} parts
     * ({@link ReloadTaskDetails.Status#QRS_UNAVAILABLE}). Never blocks: the stage completes at once when the
     * records are cached, else on the QRS client's threads. Keep {@code enrichTimeout} longer than the QRS
     * client's {@code retryBudget} plus one request, so that such an event is published rather than dropped.
     *
     * @param qrs the QRS client (not closed by the enricher)
     * @return the enricher
     * @throws NullPointerException if {@code qrs} is null
     */
    static ReloadTaskEnricher withQrs(QrsClient qrs) {
        java.util.Objects.requireNonNull(qrs, "qrs");
        return notice -> qrs.lookupReloadTask(notice.taskId(), notice.appId())
                .thenApply(d -> !d.publishable() ? Optional.<SenseEvent>empty() : Optional.of(
                        notice.kind() == ReloadTaskNotice.Kind.FAILED ? d.applyTo(notice.failedBuilder()).build()
                                : d.applyTo(notice.abortedBuilder()).build()));
    }
}
