package nl.tweeling.process.model;

import java.util.List;
import java.util.Map;

/**
 * A simulation model that runs as an OGC API – Processes process ({@code /processes/{id}}). Plain Java: no Quarkus
 * types; the machinery in {@code nl.tweeling.process} turns this contract into the OGC process description, validates
 * inputs, runs the model as a job and publishes what it wrote.
 *
 * <p>Contract:
 * <ul>
 * <li>{@link #parseInputs} sees only the model's own inputs (the machinery handles {@code scenario} and
 * {@code revision}, which every process accepts) and reports EVERY problem at once by throwing
 * {@link InvalidInputsException}; it has no side effects.</li>
 * <li>{@link #run} is deterministic: the same inputs over the same data give the same result. It reads layers only
 * through {@link ModelContext#relation}, writes result layers only through {@link ModelContext#createLayer} and
 * per-buurt figures through {@link ModelContext#figure}, all in the job's one transaction (committed when the run
 * returns, rolled back when it throws or the job is dismissed). It calls {@link ModelContext#progress} between steps,
 * which also throws {@link ModelCancelledException} once the job has been dismissed.</li>
 * <li>Instances are shared between runs and must be thread-safe (keep state in locals and in {@code R}).</li>
 * </ul>
 *
 * @param <I> the validated inputs (a record)
 * @param <R> what a run returns (a record); {@link #outputs} turns it into the literal outputs of the results document
 */
public interface Model<I, R> {

    /** The process id: lower case, digits and hyphens, e.g. {@code high-water}. */
    String id();

    /** The model's version (semantic versioning), recorded in every result layer's lineage. */
    String version();

    String title();

    String description();

    /** The inputs, in the order the description lists them (without scenario/revision). */
    List<InputDescriptor> inputs();

    /**
     * The outputs: every result layer the model creates (same id as the layer name given to
     * {@link ModelContext#createLayer}) and every literal output {@link #outputs} returns.
     */
    List<OutputDescriptor> outputs();

    /**
     * The per-buurt figures a run writes with {@link ModelContext#figure} (e.g. residents affected); {@code GET
     * /jobs/{a}/compare/{b}} compares them. Empty when the model writes none.
     */
    default List<FigureDescriptor> figures() {
        return List.of();
    }

    /**
     * Validates and converts the raw JSON inputs (values as Jackson reads them: String, Integer/Long, Double,
     * Boolean, List, Map). Unknown names, missing required inputs and bad values are all collected and thrown
     * together.
     */
    I parseInputs(Map<String, Object> raw) throws InvalidInputsException;

    /**
     * Whether a run with these inputs is small enough to answer synchronously ({@code Prefer: respond-sync});
     * the machinery still falls back to an asynchronous answer when the run takes longer than its sync limit.
     */
    default boolean small(I inputs) {
        return true;
    }

    /** Runs the model; any exception other than {@link ModelCancelledException} fails the job with its message. */
    R run(I inputs, ModelContext ctx) throws Exception;

    /**
     * The literal outputs of a finished run (output id → JSON-able value: numbers, strings, lists, maps). Result
     * layers and figures are added to the results document by the machinery.
     */
    Map<String, Object> outputs(R result);
}
