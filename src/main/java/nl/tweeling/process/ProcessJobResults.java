package nl.tweeling.process;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import nl.tweeling.feature.LayerChanged;
import nl.tweeling.feature.LayerRegistry;
import nl.tweeling.job.Job;
import nl.tweeling.job.JobResults;

/** Deleting a finished process job removes its result layers and figures ("results kept until the job is deleted"). */
@ApplicationScoped
public class ProcessJobResults implements JobResults {

    @Inject
    ProcessRepository repository;

    @Inject
    LayerRegistry layers;

    @Inject
    Event<LayerChanged> changes;

    @Override
    public boolean handles(Job job) {
        return job.process();
    }

    @Override
    public List<String> delete(Job job, String message) {
        List<String> removed = repository.deleteResults(job.id, message);
        layers.invalidate();
        for (String layer : removed) {
            changes.fire(LayerChanged.whole(layer));
        }
        return removed;
    }
}
