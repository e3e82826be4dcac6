package nl.tweeling.process;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import nl.tweeling.process.model.Model;
import nl.tweeling.process.model.buurtstats.BuurtStatistics;
import nl.tweeling.process.model.flood.HighWater;

/** The processes this instance offers: the built-in models and those of every {@link ModelProvider} bean, by id. */
@ApplicationScoped
public class ProcessRegistry {

    /** Models without dependencies, offered as processes. */
    static final List<Model<?, ?>> BUILT_IN = List.of(new BuurtStatistics(), new HighWater());

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    @Inject
    Instance<ModelProvider> providers;

    private Map<String, Model<?, ?>> models;

    @PostConstruct
    void collect() {
        List<Model<?, ?>> all = new ArrayList<>(BUILT_IN);
        providers.forEach(p -> all.add(p.model()));
        Map<String, Model<?, ?>> byId = new TreeMap<>();
        for (Model<?, ?> m : all) {
            if (!ID.matcher(m.id()).matches()) {
                throw new IllegalStateException("process id " + m.id() + " must be lower case letters, digits, hyphens");
            }
            if (byId.put(m.id(), m) != null) {
                throw new IllegalStateException("two models have process id " + m.id());
            }
        }
        models = Collections.unmodifiableMap(byId);
    }

    /** Every process, by id. */
    public List<Model<?, ?>> all() {
        return List.copyOf(models.values());
    }

    public Optional<Model<?, ?>> find(String id) {
        return Optional.ofNullable(models.get(id));
    }
}
