package org.braggflow.cluster;

/**
 * The names the coordinator, the workers and the broker agree on (docs/cluster.md): queues, and the
 * message properties (JMS property names are Java identifiers, so no dots).
 */
final class Queues {

    /** One work queue per workflow; workers compete for its chunks. */
    static final String WORK_PREFIX = "braggflow.work.";
    /** One result queue per run. */
    static final String RESULTS_PREFIX = "braggflow.results.";
    /** Per coordinator, where workers ask for a registered model by id and SHA-256. */
    static final String MODELS_PREFIX = "braggflow.models.";
    static final String MODEL = "bfModel";
    static final String MODEL_SHA = "bfModelSha256";
    /** Set on a model reply that carries no model, with the reason. */
    static final String ERROR = "bfError";
    /** Workers' status, one last-value message per worker (the broker keeps only the newest by worker id). */
    static final String WORKERS = "braggflow.workers";
    /** Where a chunk goes after the broker's maximum number of tries. */
    static final String DEAD_LETTERS = "DLQ";
    /** Where messages that expired unread go (the broker warns without one). */
    static final String EXPIRED = "ExpiryQueue";
    /** The property a last-value queue keys its messages by. */
    static final String LAST_VALUE_KEY = "_AMQ_LVQ_NAME";

    static final String RUN = "bfRun";
    static final String CHUNK = "bfChunk";
    static final String WORKFLOW = "bfWorkflow";
    static final String WORKFLOW_SHA = "bfWorkflowSha256";
    static final String RESULTS = "bfResults";
    /** Workers that refused the chunk (other stage versions), as ",id,id,": their selector skips it. */
    static final String REFUSED = "bfRefused";
    /** What a message on a result queue is: {@link #KIND_RESULT}, {@link #KIND_REFUSED} or {@link #KIND_ERROR}. */
    static final String KIND = "bfKind";
    static final String WORKER = "bfWorker";
    static final String REASON = "bfReason";
    static final String KIND_RESULT = "result", KIND_REFUSED = "refused", KIND_ERROR = "error";

    private Queues() {
    }

    static String work(String workflowId) {
        return WORK_PREFIX + workflowId;
    }
}
