"""One payload model per event, grouped by the domain that publishes it."""
