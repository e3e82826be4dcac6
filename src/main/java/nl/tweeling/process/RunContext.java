package nl.tweeling.process;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.tweeling.common.sql.SqlFiles;
import nl.tweeling.job.JobHandle;
import nl.tweeling.process.model.FigureDescriptor;
import nl.tweeling.process.model.Model;
import nl.tweeling.process.model.ModelCancelledException;
import nl.tweeling.process.model.ModelContext;
import nl.tweeling.process.model.OutputDescriptor;
import nl.tweeling.process.model.ResultLayer;

/**
 * The {@link ModelContext} of one run: the job's connection and transaction, its relations, its result layers and
 * figures, and its progress (kept here and written to the job row by {@link ProcessService}'s ticker, about every
 * half second). The run's thread uses it; only {@link #pendingProgress} is read by the ticker.
 */
final class RunContext implements ModelContext {

    private final UUID job;
    private final Connection c;
    private final Model<?, ?> model;
    private final Function<String, String> relations;
    private final String scenario;
    private final Long revision;
    private final OffsetDateTime dataTime;
    private final Map<String, Object> inputs;
    private final JobHandle handle;
    private final ObjectMapper json;
    private final Map<String, ResultLayerWriter> layers = new LinkedHashMap<>();
    private final Set<String> figureIds;
    private PreparedStatement figures;
    private int pendingFigures;

    private int percent;
    private String message = "running";
    private boolean progressChanged = true;

    RunContext(UUID job, Connection c, Model<?, ?> model, Function<String, String> relations, String scenario,
            Long revision, OffsetDateTime dataTime, Map<String, Object> inputs, JobHandle handle, ObjectMapper json) {
        this.job = job;
        this.c = c;
        this.model = model;
        this.relations = relations;
        this.scenario = scenario;
        this.revision = revision;
        this.dataTime = dataTime;
        this.inputs = inputs;
        this.handle = handle;
        this.json = json;
        this.figureIds = model.figures().stream().map(FigureDescriptor::id).collect(Collectors.toSet());
    }

    @Override
    public UUID jobId() {
        return job;
    }

    @Override
    public Connection connection() {
        return c;
    }

    @Override
    public String relation(String layerId) {
        return relations.apply(layerId);
    }

    @Override
    public String scenario() {
        return scenario;
    }

    @Override
    public Long revision() {
        return revision;
    }

    @Override
    public OffsetDateTime dataTime() {
        return dataTime;
    }

    @Override
    public synchronized void progress(int percent, String message) {
        // 100 is the job's "committing" mark (JobService.claimFinish): a run reports at most 99
        int p = Math.max(this.percent, Math.max(0, Math.min(99, percent)));
        if (p != this.percent || (message != null && !message.equals(this.message))) {
            this.percent = p;
            this.message = message == null ? this.message : message;
            progressChanged = true;
        }
        checkCancelled();
    }

    /** The progress to write, or null when nothing changed since the last call. For the ticker thread. */
    synchronized Object[] pendingProgress() {
        if (!progressChanged) {
            return null;
        }
        progressChanged = false;
        return new Object[] {percent, message};
    }

    @Override
    public void checkCancelled() {
        if (handle.cancelled()) {
            throw new ModelCancelledException(handle.dismissal());
        }
    }

    @Override
    public ResultLayer createLayer(String name, String title, String description, String geometryType,
            List<ResultLayer.Column> columns) {
        checkCancelled();
        ResultLayerWriter.check(name, geometryType, columns);
        OutputDescriptor output = model.outputs().stream().filter(o -> o.layer() && o.id().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("model " + model.id() + " declares no layer output "
                        + name));
        if (layers.containsKey(name)) {
            throw new IllegalArgumentException("result layer " + name + " was created already in this run");
        }
        String id = layerId(job, name);
        String source = "process:" + model.id();
        String lineage = "Result " + output.id() + " of process " + model.id() + " (model version " + model.version()
                + "), job " + job + ", on " + (scenario == null ? "the baseline" : "scenario " + scenario
                + " revision " + revision) + " with the data as of " + dataTime + "; inputs " + inputsText() + ".";
        try {
            ResultLayerWriter w = ResultLayerWriter.create(c, id, name, title == null ? output.title() : title,
                    (description == null || description.isBlank() ? "" : description + " ") + lineage, geometryType,
                    columns, source, job);
            try (PreparedStatement ps = c.prepareStatement(SqlFiles.get("process/insert_result_lineage.sql"))) {
                ps.setString(1, id);
                ps.setObject(2, job);
                ps.setString(3, name);
                ps.setString(4, model.id());
                ps.setString(5, model.version());
                ps.setString(6, inputsText());
                ps.setString(7, scenario);
                ps.setObject(8, revision);
                ps.setObject(9, dataTime);
                ps.executeUpdate();
            }
            layers.put(name, w);
            return w;
        } catch (SQLException e) {
            throw new IllegalStateException("could not create result layer " + id, e);
        }
    }

    /** {@code result-<first 8 hex of the job id>-<name>}. */
    static String layerId(UUID job, String name) {
        return "result-" + job.toString().substring(0, 8) + "-" + name;
    }

    @Override
    public void figure(String buurtCode, String figureId, double value) {
        if (!figureIds.contains(figureId)) {
            throw new IllegalArgumentException("model " + model.id() + " declares no figure " + figureId);
        }
        if (buurtCode == null || Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("figure " + figureId + " needs a buurt code and a finite value");
        }
        try {
            if (figures == null) {
                figures = c.prepareStatement(SqlFiles.get("process/upsert_figure.sql"));
            }
            figures.setObject(1, job);
            figures.setString(2, figureId);
            figures.setString(3, buurtCode);
            figures.setDouble(4, value);
            figures.addBatch();
            if (++pendingFigures >= 500) {
                figures.executeBatch();
                pendingFigures = 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not record figure " + figureId, e);
        }
    }

    /** After the run: every layer's last rows, indexes and statistics; the last figures. Returns output → layer id. */
    Map<String, String> finish() throws SQLException {
        if (figures != null) {
            if (pendingFigures > 0) {
                figures.executeBatch();
            }
            figures.close();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (ResultLayerWriter w : layers.values()) {
            checkCancelled();
            w.finish();
            out.put(w.output(), w.id());
        }
        return out;
    }

    List<String> layerIds() {
        return new ArrayList<>(layers.values().stream().map(ResultLayerWriter::id).toList());
    }

    private String inputsText() {
        try {
            return json.writeValueAsString(inputs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
