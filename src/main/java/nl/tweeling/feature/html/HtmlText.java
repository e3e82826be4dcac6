package nl.tweeling.feature.html;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.qute.EngineBuilder;
import io.quarkus.qute.Expression;
import io.quarkus.qute.RawString;
import io.quarkus.qute.ResultMapper;
import io.quarkus.qute.TemplateNode.Origin;

/**
 * How the HTML templates write a value: {@link HtmlPages#escape}, i.e. Qute's own HTML escaping of
 * {@code & < > " '} plus the replacement of control characters that HTML and XML do not allow (a
 * {@code \u0001} in imported data would otherwise make the page invalid). Applies to every {@code text/html}
 * template and goes before Qute's {@code HtmlEscaper}; {@code RawString} values (none in our templates) are
 * left alone as Qute leaves them.
 */
public final class HtmlText implements ResultMapper {

    /** Registers the mapper with Qute's engine at start-up. */
    @Singleton
    static final class Registration {

        void configure(@Observes EngineBuilder builder) {
            builder.addResultMapper(new HtmlText());
        }
    }

    @Override
    public int getPriority() {
        return 100;
    }

    @Override
    public boolean appliesTo(Origin origin, Object result) {
        if (result instanceof RawString) {
            return false;
        }
        return origin.getVariant().map(v -> v.getContentType() != null && v.getContentType().startsWith("text/html"))
                .orElse(false);
    }

    @Override
    public String map(Object result, Expression expression) {
        return HtmlPages.escape(result.toString());
    }
}
