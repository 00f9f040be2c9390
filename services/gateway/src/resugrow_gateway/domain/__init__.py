"""Pure gateway rules: accounts, tokens, routing, limits, breakers, dashboard, live stream."""
