package nl.tweeling.process.model;

/**
 * A number a model computes per buurt (written with {@link ModelContext#figure}); two runs of the same process are
 * compared per buurt on these figures. Figures are additive (totals are sums), e.g. counts of residents.
 *
 * @param id lower case, digits and underscores, e.g. {@code residents_affected}
 * @param unit e.g. {@code persons}, {@code buildings}, {@code m2}
 */
public record FigureDescriptor(String id, String title, String unit) {
}
