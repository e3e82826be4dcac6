package nl.tweeling.feature;

import jakarta.enterprise.context.ApplicationScoped;

import nl.tweeling.common.geo.CrsChoice;
import nl.tweeling.common.problem.TweelingException;

/** Turns CQL2 filters into SQL over a layer's table. */
@ApplicationScoped
public class FeatureFilters {

    public FeatureFilter parse(String text, String lang, CrsChoice filterCrs) {
        throw TweelingException.badParameter("filter", "CQL2 filters are not available yet.");
    }
}
