/**
 * CQL2 filtering (OGC 21-065) for the OGC API - Features endpoints: parse a {@code filter} parameter, translate it to
 * a parameterised PostgreSQL/PostGIS WHERE-clause expression.
 *
 * <pre>{@code
 * Predicate filter = "cql2-json".equals(filterLang) ? Cql2Json.parse(raw) : Cql2Text.parse(raw);
 * PropertyResolver queryables = name -> layerQueryables(layer, name);      // Optional<Property>
 * SqlFilter where = CqlSqlBuilder.of(queryables)
 *         .withFilterCrs(FilterCrs.fromUri(filterCrs).orElseThrow(...))    // default CRS84
 *         .build(filter);
 * sql.append(" AND ").append(where.sql());
 * // bind where.parameters() in order: setObject(i, p), or for SqlArray p:
 * //   ps.setArray(i, connection.createArrayOf(p.elementType(), p.toArray()))
 * }</pre>
 *
 * <p>Guarantees: no filter text reaches SQL except as a bound parameter; identifiers come only from the
 * {@link nl.tweeling.feature.cql.PropertyResolver}; every failure is a
 * {@link nl.tweeling.feature.cql.CqlException} whose message is safe to return to the client (map it to 400, and
 * for {@code UNKNOWN_PROPERTY} point at {@code /collections/{id}/queryables}); nesting is bounded, so hostile input
 * cannot overflow the stack (bounding the input length is the caller's job).
 *
 * <p>Conformance classes covered: Basic CQL2, Advanced Comparison Operators, Case-insensitive Comparison,
 * Accent-insensitive Comparison (when enabled), Basic Spatial Functions, Basic Spatial Functions with additional
 * Spatial Literals, Spatial Functions, Temporal Functions, Array Functions, Property-Property Comparisons, CQL2 Text
 * and CQL2 JSON. Not covered: Functions (custom functions are rejected as unknown) and Arithmetic Expressions.
 *
 * <p>The package uses only the JDK and Jackson; all public types are immutable and thread-safe.
 */
package nl.tweeling.feature.cql;
