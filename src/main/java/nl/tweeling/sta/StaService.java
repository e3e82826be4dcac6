package nl.tweeling.sta;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.tweeling.common.problem.TweelingException;
import nl.tweeling.platform.TweelingConfig;
import nl.tweeling.sta.filter.ExprParser;
import nl.tweeling.sta.filter.FilterException;
import nl.tweeling.sta.filter.FilterSql;
import nl.tweeling.sta.filter.Sql;
import nl.tweeling.sta.model.EntityType;
import nl.tweeling.sta.model.Relation;
import nl.tweeling.sta.model.StaProperty;
import nl.tweeling.sta.query.QueryOptions;
import nl.tweeling.sta.query.SkipToken;

/**
 * The SensorThings API over the Tweeling model (read, filtering, dataArray): resolves a resource path
 * ({@code Things(1)/Datastreams}), builds one SQL query per page (and one per expanded navigation property of each
 * entity), and writes the JSON with absolute links under the root the request came to. Paging: a next link carries
 * a {@code $skiptoken} with the last row's sort keys, so deep pages are index ranges, not skipped rows.
 */
@ApplicationScoped
public class StaService {

    /** The main table's alias in every query. */
    static final String ALIAS = "e";

    static final List<String> CONFORMANCE = List.of(
            "http://www.opengis.net/spec/iot_sensing/1.1/req/datamodel",
            "http://www.opengis.net/spec/iot_sensing/1.1/req/resource-path/resource-path-to-entities",
            "http://www.opengis.net/spec/iot_sensing/1.1/req/request-data",
            "http://www.opengis.net/spec/iot_sensing/1.1/req/data-array/data-array",
            "http://www.opengis.net/spec/iot_sensing/1.1/req/create-update-delete");

    /** The components of a dataArray when $select names none. */
    static final List<String> DATA_ARRAY_COMPONENTS = List.of("id", "phenomenonTime", "result", "resultTime",
            "resultQuality", "validTime", "parameters");

    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z]+)(?:\\(([^)]*)\\))?");

    @Inject
    StaRepository repository;

    @Inject
    ObjectMapper json;

    @Inject
    TweelingConfig config;

    /** An answer: a JSON document, or the plain text of {@code …/$value}. */
    public record Answer(String body, boolean plainText, boolean capped) {
    }

    /** The service root document of {@code root} (…/sta/v1.1): the entity sets, for v1.1 the server settings. */
    public String rootDocument(String root, boolean v11) {
        ObjectNode doc = json.createObjectNode();
        if (v11) {
            ObjectNode settings = doc.putObject("serverSettings");
            ArrayNode c = settings.putArray("conformance");
            CONFORMANCE.forEach(c::add);
        }
        ArrayNode value = doc.putArray("value");
        for (EntityType t : EntityType.values()) {
            value.addObject().put("name", t.setName()).put("url", root + "/" + t.setName());
        }
        return write(doc);
    }

    // ------------------------------------------------------------------ resource paths

    /** The condition of a whole entity set (a path of one segment, {@code Observations}). */
    static final Function<String, Sql> ALL = a -> Sql.TRUE;

    /** Where a path has got to: a set of entities of one type (a condition on alias {@code e}), maybe one entity. */
    private record Scope(EntityType type, Function<String, Sql> where, boolean single, Long id) {
    }

    /**
     * The answer for a resource path under the root ({@code Things(1)/Datastreams}, {@code Things(1)/name/$value},
     * {@code Datastreams(1)/Observations/$ref}) with its query options.
     */
    public Answer get(String root, String path, QueryOptions options) {
        String[] segments = path.split("/", -1);
        Scope scope = null;
        for (int i = 0; i < segments.length; i++) {
            String seg = segments[i];
            boolean last = i == segments.length - 1;
            if (seg.equals("$ref")) {
                if (!last || scope == null) {
                    throw notFound(path);
                }
                return references(root, path, scope, options);
            }
            Matcher m = SEGMENT.matcher(seg);
            if (!m.matches()) {
                throw notFound(path);
            }
            String name = m.group(1);
            String id = m.group(2);
            if (scope == null) {
                EntityType type = EntityType.bySetName(name).orElseThrow(() -> notFound(path));
                scope = new Scope(type, ALL, false, null);
            } else {
                if (scope.single() && id == null) {
                    Optional<StaProperty> property = scope.type().property(name);
                    if (property.isPresent() || name.equals("id")) {
                        scope = resolve(scope, path);
                        if (i + 1 < segments.length - 1 || i + 1 == segments.length - 1 && !segments[i + 1].equals("$value")) {
                            throw notFound(path);
                        }
                        return property(root, scope, name, i + 1 < segments.length);
                    }
                }
                if (!scope.single()) {
                    throw notFound(path);
                }
                Scope parent = resolve(scope, path);
                Relation rel = parent.type().relation(name).orElseThrow(() -> notFound(path));
                scope = new Scope(rel.target(), navigation(parent.type(), parent.id(), rel), !rel.many(), null);
                if (!rel.many() && id != null) {
                    throw notFound(path);
                }
            }
            if (id != null) {
                long n = parseId(id, path);
                Function<String, Sql> before = scope.where();
                EntityType type = scope.type();
                scope = new Scope(type, a -> Sql.and(List.of(before.apply(a), Sql.join(type.id(a) + " = ", Sql.param(n)))),
                        true, null);
            }
        }
        if (scope.single()) {
            if (options.dataArray()) {
                throw TweelingException.badParameter("$resultFormat", "$resultFormat=dataArray is for collections of Observations.");
            }
            Page page = page(root, scope.type(), scope.where(), options, 1, true);
            if (page.rows().isEmpty()) {
                throw notFound(path);
            }
            return new Answer(write(page.entities().get(0)), false, false);
        }
        Page page = page(root, scope.type(), scope.where(), options, config.sta().defaultTop(), false);
        ObjectNode doc = json.createObjectNode();
        if (page.count() != null) {
            doc.put("@iot.count", page.count());
        }
        if (page.next() != null) {
            doc.put("@iot.nextLink", root + "/" + path + "?" + page.next());
        }
        doc.set("value", options.dataArray() ? dataArray(root, page, options) : array(page.entities()));
        return new Answer(write(doc), false, page.capped());
    }

    private Answer references(String root, String path, Scope scope, QueryOptions options) {
        if (!options.select().isEmpty() || !options.expand().isEmpty() || options.dataArray()) {
            throw TweelingException.badParameter("$select", "$ref takes $filter, $orderby, $top, $skip and $count only.");
        }
        QueryOptions bare = new QueryOptions(options.top(), options.skip(), options.count(), options.filter(),
                options.orderBy(), List.of("id"), List.of(), false, options.skipToken(), options.raw());
        if (scope.single()) {
            Page page = page(root, scope.type(), scope.where(), bare, 1, true);
            if (page.rows().isEmpty()) {
                throw TweelingException.notFound("There is no such entity.");
            }
            return new Answer(write(json.createObjectNode().put("@iot.selfLink",
                    link(root, scope.type(), page.rows().get(0).id()))), false, false);
        }
        Page page = page(root, scope.type(), scope.where(), bare, config.sta().defaultTop(), false);
        ObjectNode doc = json.createObjectNode();
        if (page.count() != null) {
            doc.put("@iot.count", page.count());
        }
        ArrayNode value = doc.putArray("value");
        for (StaRepository.Row row : page.rows()) {
            value.addObject().put("@iot.selfLink", link(root, scope.type(), row.id()));
        }
        if (page.next() != null) {
            doc.put("@iot.nextLink", root + "/" + path + "?" + page.next());
        }
        return new Answer(write(doc), false, page.capped());
    }

    private Answer property(String root, Scope scope, String name, boolean value) {
        Sql sql;
        if (name.equals("id")) {
            sql = Sql.join("SELECT to_jsonb(" + scope.type().id(ALIAS) + ")::text FROM " + scope.type().table() + " AS "
                    + ALIAS + " WHERE ", scope.where().apply(ALIAS));
        } else {
            StaProperty p = scope.type().property(name).orElseThrow();
            sql = Sql.join("SELECT (" + p.out(ALIAS) + ")::text FROM " + scope.type().table() + " AS " + ALIAS + " WHERE ",
                    scope.where().apply(ALIAS));
        }
        List<String> found = repository.texts(sql);
        if (found.isEmpty()) {
            throw TweelingException.notFound("There is no such entity.");
        }
        JsonNode node = read(found.get(0) == null ? "null" : found.get(0));
        if (value) {
            return new Answer(node.isTextual() ? node.asText() : node.toString(), !node.isObject() && !node.isArray(), false);
        }
        ObjectNode doc = json.createObjectNode();
        doc.set(name.equals("id") ? "@iot.id" : name, node);
        return new Answer(write(doc), false, false);
    }

    /** The scope's one entity with its id known, or a 404. */
    private Scope resolve(Scope scope, String path) {
        if (scope.id() != null) {
            return scope;
        }
        Sql sql = Sql.join("SELECT " + scope.type().id(ALIAS) + "::text FROM " + scope.type().table() + " AS " + ALIAS
                + " WHERE ", scope.where().apply(ALIAS), " LIMIT 1");
        List<String> found = repository.texts(sql);
        if (found.isEmpty()) {
            throw notFound(path);
        }
        long n = Long.parseLong(found.get(0));
        EntityType type = scope.type();
        return new Scope(type, a -> Sql.join(type.id(a) + " = ", Sql.param(n)), true, n);
    }

    /**
     * The condition of Datastreams(id)/Observations: as any navigation, and it names the datastream, so an exact
     * count without $filter is read from the count the write path keeps (V015) instead of counting the rows.
     */
    record ObservationsOf(long datastreamId, String childFk) implements Function<String, Sql> {
        @Override
        public Sql apply(String c) {
            return Sql.join(c + "." + childFk + " = ", Sql.param(datastreamId));
        }
    }

    /** The condition on a child alias for the entities related to parent {@code parentId} by {@code rel}. */
    static Function<String, Sql> navigation(EntityType parent, long parentId, Relation rel) {
        if (parent == EntityType.DATASTREAM && rel.target() == EntityType.OBSERVATION && rel.childFk() != null) {
            return new ObservationsOf(parentId, rel.childFk());
        }
        if (rel.childFk() != null) {
            return c -> Sql.join(c + "." + rel.childFk() + " = ", Sql.param(parentId));
        }
        if (rel.byId() != null) {
            return c -> {
                String[] pieces = rel.byId().replace("{c}", c).split("\\{id\\}", -1);
                List<Object> parts = new ArrayList<>();
                for (int i = 0; i < pieces.length; i++) {
                    if (i > 0) {
                        parts.add(Sql.param(parentId));
                    }
                    parts.add(pieces[i]);
                }
                return Sql.join(parts.toArray());
            };
        }
        return c -> Sql.join("EXISTS (SELECT 1 FROM " + parent.table() + " AS sta_up WHERE " + parent.id("sta_up")
                + " = ", Sql.param(parentId), " AND " + rel.cond("sta_up", c) + ")");
    }

    private static long parseId(String id, String path) {
        if (id.isEmpty() || id.length() > 18 || !id.chars().allMatch(Character::isDigit)) {
            throw notFound(path);
        }
        return Long.parseLong(id);
    }

    private static TweelingException notFound(String path) {
        String shown = path.length() > 80 ? path.substring(0, 80) + "…" : path;
        return TweelingException.notFound("There is no SensorThings resource " + shown + ".");
    }

    // ------------------------------------------------------------------ pages

    /**
     * One page of entities and what to say about it: its rows and their JSON, the count, the query of the next
     * page ({@code $top=…&$skiptoken=…}) when more follow, and whether $top was cut to the maximum.
     */
    private record Page(List<StaRepository.Row> rows, List<ObjectNode> entities, Long count, String next, boolean capped) {
    }

    private Page page(String root, EntityType type, Function<String, Sql> where, QueryOptions o, int defaultTop,
            boolean single) {
        checkSelect(type, o);
        Sql filter = Sql.TRUE;
        if (o.filter() != null) {
            try {
                filter = new FilterSql(type, ALIAS, "f").condition(ExprParser.parse(o.filter()));
            } catch (FilterException e) {
                throw TweelingException.badParameter("$filter", "$filter: " + e.getMessage() + ".");
            }
        }
        List<FilterSql.OrderKey> keys = new ArrayList<>();
        List<Boolean> descending = new ArrayList<>();
        if (o.orderBy() != null) {
            try {
                for (ExprParser.OrderItem item : ExprParser.parseOrderBy(o.orderBy())) {
                    keys.add(new FilterSql(type, ALIAS, "o").orderKey(item.expr()));
                    descending.add(item.descending());
                }
            } catch (FilterException e) {
                throw TweelingException.badParameter("$orderby", "$orderby: " + e.getMessage() + ".");
            }
        } else if (type == EntityType.OBSERVATION && !(where == ALL && o.filter() == null)) {
            // a series in time order; all observations unfiltered (a GIS client's Observations layer) in arrival
            // order instead, by id alone, which the id index gives across partitions without sorting millions
            keys.add(new FilterSql.OrderKey(Sql.of(ALIAS + ".phenomenon_time"), true));
            descending.add(false);
        }
        keys.add(new FilterSql.OrderKey(Sql.of(type.id(ALIAS)), true));
        descending.add(false);

        int max = config.sta().maxTop();
        int top = single ? 1 : o.top() == null ? Math.min(defaultTop, max) : Math.min(o.top(), max);
        boolean capped = !single && o.top() != null && o.top() > max;
        int skip = single || o.skip() == null ? 0 : o.skip();
        Sql keyset = Sql.TRUE;
        if (!single && o.skipToken() != null) {
            keyset = keyset(keys, descending, SkipToken.decode(o.skipToken(), keys.size()));
        }
        Sql base = Sql.and(List.of(where.apply(ALIAS), filter));
        List<Object> select = new ArrayList<>();
        select.add("SELECT " + type.id(ALIAS) + ", " + jsonObject(type, o, single) + "::text");
        boolean withDatastream = type == EntityType.OBSERVATION;
        if (withDatastream) {
            select.add(", " + ALIAS + ".datastream_id");
        }
        for (FilterSql.OrderKey k : keys) {
            select.add(", ");
            select.add(k.sql());
        }
        select.add(" FROM " + type.table() + " AS " + ALIAS + " WHERE ");
        select.add(Sql.and(List.of(base, keyset)));
        select.add(" ORDER BY ");
        for (int i = 0; i < keys.size(); i++) {
            select.add(i > 0 ? ", " : "");
            select.add(keys.get(i).sql());
            select.add(descending.get(i) ? " DESC NULLS LAST" : " ASC NULLS LAST");
        }
        select.add(" LIMIT " + (top + 1) + (skip > 0 ? " OFFSET " + skip : ""));
        // $top=0 (a client asking for the count alone) needs no rows
        List<StaRepository.Row> rows = top == 0 ? List.of()
                : repository.rows(Sql.join(select.toArray()), withDatastream, keys.size());
        boolean more = rows.size() > top;
        if (more) {
            rows = rows.subList(0, top);
        }
        Long count = null;
        if (o.count() && !single) {
            if (o.filter() == null && where instanceof ObservationsOf of) {
                count = repository.observationCount(of.datastreamId());
            } else if (o.filter() == null && where == ALL && type == EntityType.OBSERVATION) {
                // all observations (what a GIS client asks first for an Observations layer): kept, not counted
                count = repository.observationCount();
            } else {
                count = repository.count(Sql.join("SELECT count(*) FROM " + type.table() + " AS " + ALIAS + " WHERE ", base));
            }
        }
        String next = null;
        if (more && !rows.isEmpty()) {
            Map<String, String> params = new LinkedHashMap<>(o.raw());
            params.remove("$skip");
            params.remove("$skiptoken");
            params.put("$top", String.valueOf(top));
            Optional<String> token = SkipToken.encode(rows.get(rows.size() - 1).keys());
            if (token.isPresent()) {
                // the token starts after the page's last row, so a client's $skip is spent
                params.put("$skiptoken", token.get());
            } else {
                if (o.skipToken() != null) {
                    throw TweelingException.badParameter("$orderby", "A next page after a $skiptoken needs sort keys"
                            + " without nulls; page with $skip instead.");
                }
                params.put("$skip", String.valueOf(skip + top));
            }
            next = query(params);
        }
        List<ObjectNode> entities = new ArrayList<>(rows.size());
        for (StaRepository.Row row : rows) {
            entities.add(entity(root, type, row, o));
        }
        return new Page(rows, entities, count, next, capped);
    }

    /**
     * The rows after the last one of the previous page: for keys k1…kn (the last is the id) and values v1…vn,
     * {@code k1 > v1 OR (k1 = v1 AND k2 > v2) OR …} (&lt; for descending keys; NULLs sort last, so a nullable key
     * also admits NULL), led by {@code k1 >= v1} when k1 is never NULL so an index on it bounds the scan.
     */
    static Sql keyset(List<FilterSql.OrderKey> keys, List<Boolean> descending, List<Object> raw) {
        List<Sql> values = raw.stream().map(v -> v instanceof SkipToken.Jsonb j
                ? Sql.join("CAST(", Sql.param(j.text()), " AS jsonb)") : Sql.param(v)).toList();
        List<Object> or = new ArrayList<>();
        or.add("(");
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                or.add(" OR ");
            }
            or.add("(");
            for (int j = 0; j < i; j++) {
                or.add(Sql.join(keys.get(j).sql(), " = ", values.get(j), " AND "));
            }
            String op = descending.get(i) ? " < " : " > ";
            Sql after = Sql.join(keys.get(i).sql(), op, values.get(i));
            or.add(keys.get(i).notNull() ? after : Sql.join("(", after, " OR ", keys.get(i).sql(), " IS NULL)"));
            or.add(")");
        }
        or.add(")");
        Sql cond = Sql.join(or.toArray());
        if (keys.get(0).notNull()) {
            cond = Sql.join(keys.get(0).sql(), descending.get(0) ? " <= " : " >= ", values.get(0), " AND ", cond);
        }
        return cond;
    }

    /** {@code jsonb_build_object('name', …, …)} of the selected properties (all when $select names none). */
    private static String jsonObject(EntityType type, QueryOptions o, boolean single) {
        StringBuilder sql = new StringBuilder("jsonb_build_object(");
        boolean first = true;
        for (StaProperty p : type.properties()) {
            if (!o.select().isEmpty() && !o.select().contains(p.name())) {
                continue;
            }
            sql.append(first ? "" : ", ").append('\'').append(p.name()).append("', ").append(p.out(ALIAS));
            first = false;
        }
        return sql.append(")").toString();
    }

    private static void checkSelect(EntityType type, QueryOptions o) {
        for (String name : o.select()) {
            if (!name.equals("id") && !name.equals("@iot.id") && type.property(name).isEmpty()
                    && type.relation(name).isEmpty()) {
                String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
                throw TweelingException.badParameter("$select", "$select: " + type.singular() + " has no property "
                        + shown + ".");
            }
        }
        if (o.dataArray()) {
            if (type != EntityType.OBSERVATION) {
                throw TweelingException.badParameter("$resultFormat", "$resultFormat=dataArray is for Observations only.");
            }
            if (!o.expand().isEmpty()) {
                throw TweelingException.badParameter("$resultFormat", "$resultFormat=dataArray cannot be combined with $expand.");
            }
            for (String name : o.select()) {
                if (!DATA_ARRAY_COMPONENTS.contains(name)) {
                    throw TweelingException.badParameter("$select", "$select with dataArray names components: "
                            + String.join(", ", DATA_ARRAY_COMPONENTS) + ".");
                }
            }
        }
        for (QueryOptions.Expand e : o.expand()) {
            if (type.relation(e.path().get(0)).isEmpty()) {
                String shown = e.path().get(0).length() > 40 ? e.path().get(0).substring(0, 40) + "…" : e.path().get(0);
                throw TweelingException.badParameter("$expand", "$expand: " + type.singular()
                        + " has no navigation property " + shown + ".");
            }
            if (e.options().dataArray()) {
                throw TweelingException.badParameter("$expand", "$resultFormat=dataArray is not allowed inside $expand.");
            }
        }
    }

    // ------------------------------------------------------------------ JSON

    private ObjectNode entity(String root, EntityType type, StaRepository.Row row, QueryOptions o) {
        ObjectNode props = (ObjectNode) read(row.json());
        ObjectNode out = json.createObjectNode();
        boolean all = o.select().isEmpty();
        String self = link(root, type, row.id());
        if (all || o.select().contains("id") || o.select().contains("@iot.id")) {
            out.put("@iot.id", row.id());
            out.put("@iot.selfLink", self);
        }
        for (StaProperty p : type.properties()) {
            if (props.has(p.name())) {
                out.set(p.name(), props.get(p.name()));
            }
        }
        for (Relation r : type.relations()) {
            if (all || o.select().contains(r.name())) {
                out.put(r.name() + "@iot.navigationLink", self + "/" + r.name());
            }
        }
        for (QueryOptions.Expand e : merged(o.expand())) {
            expand(root, type, row.id(), self, e, out);
        }
        return out;
    }

    /**
     * The expands as one per navigation property: {@code Datastreams/Thing,Datastreams/Sensor} (or with
     * {@code Datastreams($top=2)} beside them) become {@code Datastreams} with the options of the one that names it
     * alone and both deeper steps as its own expands, so one expansion holds them all.
     */
    static List<QueryOptions.Expand> merged(List<QueryOptions.Expand> expands) {
        if (expands.size() < 2) {
            return expands;
        }
        Map<String, List<QueryOptions.Expand>> byFirst = new LinkedHashMap<>();
        for (QueryOptions.Expand e : expands) {
            byFirst.computeIfAbsent(e.path().get(0), k -> new ArrayList<>()).add(e);
        }
        if (byFirst.size() == expands.size()) {
            return expands;
        }
        List<QueryOptions.Expand> out = new ArrayList<>();
        for (Map.Entry<String, List<QueryOptions.Expand>> group : byFirst.entrySet()) {
            if (group.getValue().size() == 1) {
                out.add(group.getValue().get(0));
                continue;
            }
            QueryOptions base = null;
            List<QueryOptions.Expand> nested = new ArrayList<>();
            for (QueryOptions.Expand e : group.getValue()) {
                if (e.path().size() == 1) {
                    base = e.options();
                    nested.addAll(e.options().expand());
                } else {
                    nested.add(new QueryOptions.Expand(e.path().subList(1, e.path().size()), e.options()));
                }
            }
            QueryOptions b = base != null ? base : QueryOptions.empty();
            out.add(new QueryOptions.Expand(List.of(group.getKey()), new QueryOptions(b.top(), b.skip(), b.count(),
                    b.filter(), b.orderBy(), b.select(), nested, b.dataArray(), b.skipToken(), b.raw())));
        }
        return out;
    }

    private void expand(String root, EntityType type, long id, String self, QueryOptions.Expand e, ObjectNode out) {
        Relation rel = type.relation(e.path().get(0)).orElseThrow();
        QueryOptions options = e.options();
        if (e.path().size() > 1) {
            // Datastreams/Observations: the options belong to the last step
            QueryOptions.Expand rest = new QueryOptions.Expand(e.path().subList(1, e.path().size()), e.options());
            options = new QueryOptions(null, null, false, null, null, List.of(), List.of(rest), false, null, Map.of());
        }
        Function<String, Sql> where = navigation(type, id, rel);
        if (!rel.many()) {
            Page page = page(root, rel.target(), where, options, 1, true);
            out.set(rel.name(), page.entities().isEmpty() ? json.nullNode() : page.entities().get(0));
            return;
        }
        Page page = page(root, rel.target(), where, options, config.sta().defaultTop(), false);
        if (page.count() != null) {
            out.put(rel.name() + "@iot.count", page.count());
        }
        out.set(rel.name(), array(page.entities()));
        if (page.next() != null) {
            out.put(rel.name() + "@iot.nextLink", self + "/" + rel.name() + "?" + page.next());
        }
    }

    /** Observations grouped by datastream as SensorThings' dataArray. */
    private ArrayNode dataArray(String root, Page page, QueryOptions o) {
        List<String> components = o.select().isEmpty() ? DATA_ARRAY_COMPONENTS
                : o.select().stream().map(s -> s.equals("@iot.id") ? "id" : s).toList();
        Map<Long, ObjectNode> groups = new LinkedHashMap<>();
        ArrayNode value = json.createArrayNode();
        for (int i = 0; i < page.rows().size(); i++) {
            StaRepository.Row row = page.rows().get(i);
            ObjectNode entity = page.entities().get(i);
            ObjectNode group = groups.computeIfAbsent(row.datastreamId(), ds -> {
                ObjectNode g = value.addObject();
                g.put("Datastream@iot.navigationLink", link(root, EntityType.DATASTREAM, ds));
                ArrayNode c = g.putArray("components");
                components.forEach(c::add);
                g.put("dataArray@iot.count", 0);
                g.putArray("dataArray");
                return g;
            });
            ArrayNode values = ((ArrayNode) group.get("dataArray")).addArray();
            for (String c : components) {
                values.add(c.equals("id") ? json.getNodeFactory().numberNode(row.id()) : entity.path(c).isMissingNode()
                        ? json.nullNode() : entity.get(c));
            }
            group.put("dataArray@iot.count", group.get("dataArray").size());
        }
        return value;
    }

    private ArrayNode array(List<ObjectNode> entities) {
        ArrayNode a = json.createArrayNode();
        entities.forEach(a::add);
        return a;
    }

    static String link(String root, EntityType type, long id) {
        return root + "/" + type.setName() + "(" + id + ")";
    }

    /** A query string of decoded options, each value percent-encoded (spaces as %20). */
    static String query(Map<String, String> params) {
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            q.append(q.length() == 0 ? "" : "&").append(e.getKey()).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return q.toString();
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the database wrote invalid JSON", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
