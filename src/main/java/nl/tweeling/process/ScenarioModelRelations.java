package nl.tweeling.process;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.feature.Relation;
import nl.tweeling.platform.security.Caller;
import nl.tweeling.scenario.LayerRelations;
import nl.tweeling.scenario.Scenario;
import nl.tweeling.scenario.ScenarioService;

/**
 * Scenarios for process runs: a run on scenario {@code s} at revision {@code r} reads each layer through the scenario's
 * overlay ({@link LayerRelations}), its bound values inlined ({@link SqlLiterals}) because a model takes a relation as
 * SQL text. Who may run on a scenario: who may read it ({@link ScenarioService#readable}).
 */
@ApplicationScoped
public class ScenarioModelRelations implements ScenarioRelations {

    @Inject
    LayerRelations relations;

    @Inject
    ScenarioService scenarios;

    @Override
    public long resolve(String scenario, Long revision, Caller caller) {
        Scenario s = scenarios.readable(id(scenario), caller);
        if (revision != null && revision > s.revision()) {
            throw TweelingException.badBody("Scenario " + s.id() + " has revisions 0 to " + s.revision() + "; there is"
                    + " no revision " + revision + " (leave revision out for the current one).",
                    List.of(Map.of("input", ProcessService.REVISION, "detail", "revision must be 0 to " + s.revision()
                            + ".")));
        }
        return revision == null ? s.revision() : revision;
    }

    @Override
    public String relation(String layerId, String scenario, long revision) {
        Relation r = relations.relation(layerId, id(scenario), (int) revision);
        return SqlLiterals.inline(r.sql(), r.params());
    }

    private static long id(String scenario) {
        if (scenario == null || !scenario.matches("[0-9]{1,18}")) {
            throw TweelingException.notFound("There is no scenario " + scenario + " (scenario ids are whole numbers;"
                    + " GET /scenarios lists yours).");
        }
        return Long.parseLong(scenario);
    }
}
