/// Counters by source channel and by category (per unit and every ancestor, campaign and state),
/// kept like the state counters, so a province's dashboard breaks its million problems down by
/// channel and category from a few hundred rows. Built here for the problems already stored.
let m0008FacetRollup = Migration(
    version: 8, name: "facet-rollup",
    statements: [
        """
        CREATE TABLE rollup_facets (
            unit_id {BIGINT} NOT NULL,
            campaign_id {BIGINT} NOT NULL,
            facet TEXT NOT NULL,
            value TEXT NOT NULL,
            state TEXT NOT NULL,
            n {BIGINT} NOT NULL,
            PRIMARY KEY (unit_id, facet, value, state, campaign_id))
        """
    ],
    build: { db, _ in try await Rollup.rebuildFacets(db) })
